/** A count with its noun in agreement: `counted(1, "role")` is "1 role", `counted(2, "category", "categories")` "2 categories". */
export function counted(n: number, one: string, several = `${one}s`): string {
  return `${n} ${n === 1 ? one : several}`;
}
