globalThis.__floorIsolated = 1;
