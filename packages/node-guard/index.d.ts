export declare const MINIMUM_NODE_MAJOR: number;
export declare function assertSupportedNode(version?: string, execPath?: string): void;
