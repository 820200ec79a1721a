globalThis.__floorMain = 1;
