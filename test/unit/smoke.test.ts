import { describe, expect, it } from 'vitest';
import { formatBytes } from '@/utils/format';
import { browser } from 'wxt/browser';
describe('smoke', () => { it('works', () => { expect(formatBytes(1, 'en')).toBe('1 byte'); expect(typeof browser.storage.local.get).toBe('function'); expect(typeof indexedDB.open).toBe('function'); }); });
