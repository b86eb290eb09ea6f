/**
 * The real systeminformation collectors on this machine. In a container most hardware fields
 * are empty, so these check shape and the facts every Linux host has, not serial numbers.
 */
import { describe, expect, it } from 'vitest';
import { hostname } from 'node:os';
import { osCollector } from '../../agent/collectors/os.js';
import { hardwareCollector } from '../../agent/collectors/hardware.js';
import { networkCollector } from '../../agent/collectors/network.js';
import { peripheralsCollector, parseUsbIds } from '../../agent/collectors/peripherals.js';
import { HostReport } from '../../schema/index.js';

const ctx = { now: new Date(), config: null, replayDir: null };

describe('local collectors', () => {
  it('reads the OS, with the same hostname as node', async () => {
    const os = HostReport.shape.os.parse(await osCollector.collect(ctx))!;
    expect(os.platform).toBe(process.platform === 'win32' ? 'windows' : process.platform);
    expect(os.hostname).toBe(hostname());
    expect(os.kernel).not.toBe('');
  });

  it('reads memory and CPU cores', async () => {
    const hw = HostReport.shape.hardware.parse(await hardwareCollector.collect(ctx))!;
    expect(hw.memory.totalBytes).toBeGreaterThan(0);
    expect(hw.cpu.cores).toBeGreaterThan(0);
  });

  it('lists the loopback interface and a valid section', async () => {
    const net = HostReport.shape.network.parse(await networkCollector.collect(ctx))!;
    expect(net.interfaces.some((i) => i.internal || i.name === 'lo')).toBe(true);
  });

  it('reads peripherals without failing when there are none', async () => {
    const p = HostReport.shape.peripherals.parse(await peripheralsCollector.collect(ctx))!;
    expect(Array.isArray(p.usb)).toBe(true);
  });
});

describe('parseUsbIds', () => {
  it.each([
    ['lsusb pair', ['0529:0620'], { vendorId: '0529', productId: '0620' }],
    ['Windows PnP id', ['USB\\VID_096E&PID_0703\\6&2C3F'], { vendorId: '096e', productId: '0703' }],
    ['second candidate', ['', 'USB\\VID_163C&PID_0407\\X'], { vendorId: '163c', productId: '0407' }],
    ['nothing usable', ['Generic hub', null], { vendorId: null, productId: null }],
  ])('%s', (_name, input, expected) => {
    expect(parseUsbIds(...input)).toEqual(expected);
  });
});
