export function startOfLocalDay(now = new Date()): number {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime();
}

export function nextLocalMidnight(now = new Date()): number {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1).getTime();
}

export const badgeText = (count: number) => (count === 0 ? '' : count > 999 ? '999+' : String(count));
