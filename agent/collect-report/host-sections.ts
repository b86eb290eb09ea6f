/**
 * The os, hardware, network and peripherals sections of a host report, from the WMI parts that
 * deploy/windows/collect-report.ps1 reads (Win32_OperatingSystem, Win32_ComputerSystem, ...).
 * They mean what the agent's systeminformation-based collectors report on Windows (agent/collectors/),
 * so the rules read a PowerShell report like any other. A part that failed on the machine costs
 * only its section (or its field), with the machine's own message.
 */
import { z } from 'zod';
import type { HostReportInput } from '../../schema/index.js';
import { SectionUnknown } from '../collectors/types.js';
import { parseUsbIds } from '../collectors/peripherals.js';
import { parseDate } from '../posture/dates.js';
import { flag, int, list, readPart, text } from '../windows/document.js';
import type { WindowsDocument } from '../windows/document.js';

type Section<K extends 'os' | 'hardware' | 'network' | 'peripherals'> = NonNullable<HostReportInput[K]>;

/** A non-negative number from a number or numeric string (WMI's uint64 arrive as strings on PowerShell 2.0). */
const size = z.unknown().optional().transform((v) => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : NaN;
  return Number.isFinite(n) && n >= 0 ? Math.floor(n) : null;
});
const strings = list(z.unknown()).transform((xs) => xs.map((x) => String(x ?? '').trim()).filter(Boolean));

const OperatingSystem = z.object({ Caption: text, Version: text, BuildNumber: text, OSArchitecture: text, ProductType: int, CSName: text, CSDVersion: text });
const ComputerSystem = z.object({ Name: text, Domain: text, PartOfDomain: flag, Manufacturer: text, Model: text, TotalPhysicalMemory: size });
const ComputerSystemProduct = z.object({ IdentifyingNumber: text, UUID: text, Vendor: text, Name: text });
const Bios = z.object({ Manufacturer: text, SMBIOSBIOSVersion: text, ReleaseDate: text, SerialNumber: text });
const Processor = z.object({ Name: text, Manufacturer: text, NumberOfCores: int, NumberOfLogicalProcessors: int, MaxClockSpeed: int });
const DiskDrive = z.object({ Model: text, Caption: text, InterfaceType: text, Manufacturer: text, Size: size, SerialNumber: text, MediaType: text });
const LogicalDisk = z.object({ DeviceID: text, FileSystem: text, Size: size, FreeSpace: size });
const AdapterConfiguration = z.object({ Index: int, Description: text, MACAddress: text, IPAddress: strings, DefaultIPGateway: strings, DHCPEnabled: flag });
const Adapter = z.object({ Index: int, Name: text, NetConnectionID: text, NetConnectionStatus: int, Speed: size, AdapterType: text, PhysicalAdapter: flag });
const Printer = z.object({ Name: text, DriverName: text, PrinterStatus: int, Local: flag, Default: flag, PortName: text });
const PnpEntity = z.object({ DeviceID: text, Name: text, Manufacturer: text });

/** Reads a part, or says why its section is unknown. */
function need<T extends z.ZodType>(doc: WindowsDocument, name: string, schema: T): z.infer<T> {
  const part = readPart(doc, name, schema);
  if (!part.ok) throw new SectionUnknown(`${name}: ${part.error.trim()}`, 'failed');
  return part.data;
}

/** A part whose absence costs only the fields built from it. */
function optional<T extends z.ZodType>(doc: WindowsDocument, name: string, schema: T): z.infer<T> | null {
  const part = readPart(doc, name, schema);
  return part.ok ? part.data : null;
}

const VIRTUAL_MACHINE = /vmware|virtualbox|virtual machine|kvm|qemu|xen|hvm domu|parallels|bochs/i;
const VIRTUAL_ADAPTER = /virtual|vmware|hyper-v|virtualbox|loopback|tap-|vpn|miniport|bluetooth/i;

const CPU_VENDORS: Record<string, string> = { GenuineIntel: 'Intel', AuthenticAMD: 'AMD' };

/** Win32_Printer.PrinterStatus, as documented for the class. */
const PRINTER_STATUS: Record<number, string> = { 1: 'other', 2: 'unknown', 3: 'idle', 4: 'printing', 5: 'warmup', 6: 'stopped printing', 7: 'offline' };

export function windowsOs(doc: WindowsDocument): Section<'os'> {
  const os = need(doc, 'operatingSystem', OperatingSystem);
  const cs = optional(doc, 'computerSystem', ComputerSystem);
  const firmware = optional(doc, 'firmwareType', text);
  const hostname = os.CSName || cs?.Name || '';
  return {
    platform: 'windows',
    distro: os.Caption.replace(/\s+/g, ' ').trim(),
    release: os.Version,
    codename: os.CSDVersion,
    kernel: os.Version,
    arch: /64/.test(os.OSArchitecture) ? 'x64' : /32/.test(os.OSArchitecture) ? 'ia32' : '',
    hostname,
    fqdn: cs?.PartOfDomain && cs.Domain ? `${hostname}.${cs.Domain}` : '',
    build: os.BuildNumber,
    // ProductType: 1 workstation, 2 domain controller, 3 server.
    isServer: os.ProductType === 1 ? false : os.ProductType === 2 || os.ProductType === 3 ? true : null,
    // %firmware_type% exists from Windows 8 on; Windows 7 leaves it unknown.
    uefi: firmware === 'UEFI' ? true : firmware === 'Legacy' ? false : null,
  };
}

const day = (value: string): string => parseDate(value)?.toISOString().slice(0, 10) ?? '';

export function windowsHardware(doc: WindowsDocument): Section<'hardware'> {
  const cs = need(doc, 'computerSystem', ComputerSystem);
  const product = optional(doc, 'computerSystemProduct', ComputerSystemProduct);
  const bios = optional(doc, 'bios', Bios);
  const cpus = optional(doc, 'processor', list(Processor)) ?? [];
  const disks = optional(doc, 'diskDrive', list(DiskDrive)) ?? [];
  const volumes = optional(doc, 'logicalDisk', list(LogicalDisk)) ?? [];
  const sum = (values: Array<number | null>) => values.reduce<number>((n, v) => n + (v ?? 0), 0);
  const speed = cpus[0]?.MaxClockSpeed;
  return {
    system: {
      manufacturer: cs.Manufacturer,
      model: cs.Model,
      serial: product?.IdentifyingNumber || bios?.SerialNumber || '',
      uuid: product?.UUID ?? '',
      virtual: cs.Manufacturer || cs.Model ? VIRTUAL_MACHINE.test(`${cs.Manufacturer} ${cs.Model}`) : null,
    },
    bios: { vendor: bios?.Manufacturer ?? '', version: bios?.SMBIOSBIOSVersion ?? '', releaseDate: bios ? day(bios.ReleaseDate) : '' },
    cpu: {
      manufacturer: CPU_VENDORS[cpus[0]?.Manufacturer ?? ''] ?? cpus[0]?.Manufacturer ?? '',
      brand: (cpus[0]?.Name ?? '').replace(/\s+/g, ' ').trim(),
      // Windows 7 before SP1's update lacks NumberOfLogicalProcessors: count cores then.
      cores: sum(cpus.map((c) => c.NumberOfLogicalProcessors ?? c.NumberOfCores)),
      physicalCores: sum(cpus.map((c) => c.NumberOfCores)),
      speedGHz: speed && speed > 0 ? Math.round(speed / 10) / 100 : null,
    },
    // Memory Windows can use, as the agent reports it (8 GB shows as about 7.9 GiB).
    memory: { totalBytes: cs.TotalPhysicalMemory ?? 0 },
    // The machine's own disks: a USB stick (the one this script came on) is not one of them.
    disks: disks
      .filter((d) => d.InterfaceType.toUpperCase() !== 'USB' && !/removable/i.test(d.MediaType))
      .slice(0, 256)
      .map((d) => ({
        name: d.Model || d.Caption,
        type: '',
        interface: d.InterfaceType,
        vendor: d.Manufacturer.startsWith('(') ? '' : d.Manufacturer,
        sizeBytes: d.Size ?? 0,
        serial: d.SerialNumber,
      })),
    filesystems: volumes.slice(0, 512).map((v) => ({
      mount: v.DeviceID,
      fs: v.DeviceID,
      type: v.FileSystem,
      sizeBytes: v.Size ?? 0,
      usedBytes: Math.max(0, (v.Size ?? 0) - (v.FreeSpace ?? 0)),
    })),
  };
}

export function windowsNetwork(doc: WindowsDocument): Section<'network'> {
  const configs = need(doc, 'networkAdapterConfiguration', list(AdapterConfiguration));
  const adapters = new Map((optional(doc, 'networkAdapter', list(Adapter)) ?? []).map((a) => [a.Index, a]));
  const interfaces = configs.slice(0, 256).map((c) => {
    const a = c.Index === null ? undefined : adapters.get(c.Index);
    const described = `${c.Description} ${a?.AdapterType ?? ''} ${a?.Name ?? ''}`;
    // Win32_NetworkAdapter.Speed is in bit/s; "unknown" is reported as the largest int64.
    const bps = a?.Speed ?? null;
    return {
      name: a?.NetConnectionID || c.Description,
      mac: c.MACAddress.toLowerCase(),
      ipv4: c.IPAddress.filter((ip) => ip.includes('.')),
      ipv6: c.IPAddress.filter((ip) => ip.includes(':')),
      type: /wireless|wi-?fi|802\.11|wlan/i.test(described) ? 'wireless' : 'wired',
      // NetConnectionStatus: 2 connected; 0, 3 and 7 (media disconnected) are down.
      operstate: a?.NetConnectionStatus === 2 ? 'up' : a?.NetConnectionStatus === 0 || a?.NetConnectionStatus === 3 || a?.NetConnectionStatus === 7 ? 'down' : '',
      speedMbps: bps && bps > 0 && bps < 1e13 ? Math.round(bps / 1e6) : null,
      virtual: a?.PhysicalAdapter === false || VIRTUAL_ADAPTER.test(c.Description),
      internal: false,
      dhcp: c.DHCPEnabled,
    };
  });
  const withGateway = configs.findIndex((c) => c.DefaultIPGateway.some((g) => g.includes('.')));
  return {
    interfaces,
    defaultGateway: withGateway < 0 ? null : configs[withGateway]!.DefaultIPGateway.find((g) => g.includes('.'))!,
    defaultInterface: withGateway < 0 ? null : (interfaces[withGateway]?.name ?? null),
  };
}

export function windowsPeripherals(doc: WindowsDocument, posture: WindowsDocument | null): Section<'peripherals'> {
  const printers = need(doc, 'printer', list(Printer));
  const usb = posture ? (optional(posture, 'usb', list(PnpEntity)) ?? []) : [];
  return {
    printers: printers.slice(0, 256).map((p) => ({
      name: p.Name,
      model: p.DriverName,
      status: p.PrinterStatus === null ? '' : (PRINTER_STATUS[p.PrinterStatus] ?? ''),
      local: p.Local,
      default: p.Default,
      uri: p.PortName,
    })),
    scanners: [],
    usb: usb.slice(0, 512).map((d) => ({ name: d.Name, manufacturer: d.Manufacturer, ...parseUsbIds(d.DeviceID), type: '', serial: '' })),
  };
}
