<#
.SYNOPSIS
  Writes a readiness report of this Windows PC without installing anything: for Windows 7 and
  8.1 (PowerShell 2.0 or later), which the agent executable cannot run on.

.DESCRIPTION
  Run it as administrator (BitLocker and some licence facts need it), from a USB stick or a
  share. It runs the agent's own posture script (licences, antivirus, software, security, network paths, certificates) in a
  separate powershell.exe, reads the machine's hardware, network and printers from WMI, and
  writes one file, readiness-<COMPUTER>-<time>.json, into -OutDir (default: this script's
  folder). Bring the files to a machine with the readiness command and run
  `readiness import FILE --unit U [--room R]`: it turns each into a host report with the
  agent's own parsers and stores it (docs/deploy.md, "Old Windows").
  Nothing is written on the PC itself except a temporary copy of the posture script, removed
  at the end. The report's agent id is derived from the machine's SMBIOS UUID, BIOS serial
  and name, so running it again on the same PC updates the same host.
  Keep this file ASCII: Windows PowerShell reads scripts without a BOM in the machine's code page.

.EXAMPLE
  powershell.exe -NoProfile -ExecutionPolicy Bypass -File E:\collect-report.ps1
#>
param(
  [string]$OutDir = '',
  [string]$PostureScript = ''
)

$ErrorActionPreference = 'Stop'
$ScriptVersion = '0.1.0'
$ReportKind = 'readiness-windows-report'
$PostureTimeoutMs = 180000
$ScriptDir = Split-Path -Parent $MyInvocation.MyCommand.Path

# BEGIN EMBEDDED POSTURE SCRIPT
$EmbeddedPostureScript = $null
# END EMBEDDED POSTURE SCRIPT

# JSON for PowerShell 2.0, which has no ConvertTo-Json: used for this script's own output, and
# given to the posture script as ConvertTo-Json when PowerShell is older than 3.0. Everything
# outside printable ASCII is written as \uXXXX, so the file reads the same in any code page.
function ConvertTo-ReadinessJson {
  param($InputObject, [int]$Depth = 8, [switch]$Compress)
  $culture = [System.Globalization.CultureInfo]::InvariantCulture
  $escape = [System.Text.RegularExpressions.MatchEvaluator] {
    param($m)
    $c = [int][char]$m.Value
    if ($c -eq 34) { return '\"' }
    if ($c -eq 92) { return '\\' }
    if ($c -eq 10) { return '\n' }
    if ($c -eq 13) { return '\r' }
    if ($c -eq 9) { return '\t' }
    return ('\u{0:x4}' -f $c)
  }
  $quote = { param([string]$s) '"' + [regex]::Replace($s, '[^\x20\x21\x23-\x5b\x5d-\x7e]', $escape) + '"' }
  $write = $null
  $write = {
    param($Value, [int]$Level)
    if ($null -eq $Value) { return 'null' }
    if ($Value -is [System.Management.Automation.PSObject]) { $Value = $Value.PSObject.BaseObject }
    if ($Value -is [string] -or $Value -is [char] -or $Value -is [guid]) { return (& $quote ([string]$Value)) }
    if ($Value -is [bool]) { if ($Value) { return 'true' } else { return 'false' } }
    if ($Value -is [datetime]) { return (& $quote ($Value.ToUniversalTime().ToString('o', $culture))) }
    if ($Value -is [enum]) { return ([int64]$Value).ToString($culture) }
    if ($Value -is [double] -or $Value -is [single]) {
      if ([double]::IsNaN($Value) -or [double]::IsInfinity($Value)) { return 'null' }
      return $Value.ToString('R', $culture)
    }
    if ($Value -is [int] -or $Value -is [long] -or $Value -is [uint32] -or $Value -is [uint64] -or $Value -is [int16] -or
        $Value -is [uint16] -or $Value -is [byte] -or $Value -is [sbyte] -or $Value -is [decimal]) { return $Value.ToString($culture) }
    if ($Level -le 0) { return (& $quote ([string]$Value)) }
    if ($Value -is [System.Collections.IDictionary]) {
      $fields = New-Object System.Collections.ArrayList
      foreach ($key in $Value.Keys) { [void]$fields.Add((& $quote ([string]$key)) + ':' + (& $write $Value[$key] ($Level - 1))) }
      return '{' + [string]::Join(',', [string[]]$fields.ToArray()) + '}'
    }
    if ($Value -is [System.Collections.IEnumerable]) {
      $items = New-Object System.Collections.ArrayList
      foreach ($item in $Value) { [void]$items.Add((& $write $item ($Level - 1))) }
      return '[' + [string]::Join(',', [string[]]$items.ToArray()) + ']'
    }
    $fields = New-Object System.Collections.ArrayList
    foreach ($p in (New-Object System.Management.Automation.PSObject $Value).PSObject.Properties) {
      if ($p.MemberType -eq 'NoteProperty' -or $p.MemberType -eq 'Property') {
        $v = $null
        try { $v = $p.Value } catch { $v = $null }
        [void]$fields.Add((& $quote $p.Name) + ':' + (& $write $v ($Level - 1)))
      }
    }
    return '{' + [string]::Join(',', [string[]]$fields.ToArray()) + '}'
  }
  return (& $write $InputObject ($Depth + 1))
}

# What the posture script uses from PowerShell 3.0 and later, for PowerShell 2.0: CIM queries
# through WMI, ordered hash tables (as plain ones: key order does not matter in JSON) and the
# -Directory / -File switches of Get-ChildItem. test/deploy/windows-scripts.test.ts checks the
# posture script needs nothing else.
function Get-ReadinessCimShim {
  param([string]$ClassName, [string]$Namespace = 'root\cimv2', [string]$Filter = '')
  $ns = $Namespace.Replace('/', '\')
  if ($Filter) { return Get-WmiObject -Class $ClassName -Namespace $ns -Filter $Filter -ErrorAction Stop }
  return Get-WmiObject -Class $ClassName -Namespace $ns -ErrorAction Stop
}

function Get-ReadinessChildItemShim {
  param($Path, [switch]$Directory, [switch]$File, [switch]$Recurse, $ErrorAction = 'Continue')
  $items = Microsoft.PowerShell.Management\Get-ChildItem -Path $Path -Recurse:$Recurse -ErrorAction $ErrorAction
  if ($Directory) { return $items | Where-Object { $_.PSIsContainer } }
  if ($File) { return $items | Where-Object { -not $_.PSIsContainer } }
  return $items
}

function Get-Ps2Preamble {
  $lines = @(
    '# Added by collect-report.ps1 for PowerShell 2.0',
    '$readinessAccelerators = [psobject].Assembly.GetType(''System.Management.Automation.TypeAccelerators'')',
    '$readinessAccelerators::Add(''ordered'', [System.Collections.Hashtable])',
    ('function ConvertTo-Json {' + ${function:ConvertTo-ReadinessJson}.ToString() + '}'),
    ('function Get-CimInstance {' + ${function:Get-ReadinessCimShim}.ToString() + '}'),
    ('function Get-ChildItem {' + ${function:Get-ReadinessChildItemShim}.ToString() + '}')
  )
  return [string]::Join("`r`n", $lines) + "`r`n"
}

function Get-PostureText {
  if ($EmbeddedPostureScript) { return $EmbeddedPostureScript }
  $candidates = @($PostureScript, (Join-Path $ScriptDir 'posture.ps1'), (Join-Path $ScriptDir '..\..\agent\windows\posture.ps1'))
  foreach ($c in $candidates) {
    if ($c -and (Test-Path -LiteralPath $c)) { return [System.IO.File]::ReadAllText((Resolve-Path -LiteralPath $c).Path) }
  }
  throw 'cannot find the posture script: use the collect-report.ps1 that npm run build:agent writes, or pass -PostureScript'
}

# The posture script in its own powershell.exe, as the agent runs it; its stdout (UTF-8 JSON)
# goes to a file untouched by any code page.
function Invoke-Posture {
  $id = [guid]::NewGuid().ToString('N')
  $script = Join-Path $env:TEMP "readiness-posture-$id.ps1"
  $out = Join-Path $env:TEMP "readiness-posture-$id.json"
  $err = Join-Path $env:TEMP "readiness-posture-$id.err"
  try {
    $text = Get-PostureText
    if ($PSVersionTable.PSVersion.Major -lt 3) { $text = (Get-Ps2Preamble) + $text }
    [System.IO.File]::WriteAllText($script, $text, (New-Object System.Text.UTF8Encoding $true))
    $shell = Join-Path $PSHOME 'powershell.exe'
    $arguments = '-NoProfile -NonInteractive -ExecutionPolicy Bypass -File "{0}"' -f $script
    $p = Start-Process -FilePath $shell -ArgumentList $arguments -RedirectStandardOutput $out -RedirectStandardError $err -NoNewWindow -PassThru
    $handle = $p.Handle
    if (-not $p.WaitForExit($PostureTimeoutMs)) {
      $p.Kill()
      return @{ error = "the posture script did not finish within $($PostureTimeoutMs / 1000) s" }
    }
    $json = ''
    if (Test-Path -LiteralPath $out) { $json = [System.IO.File]::ReadAllText($out, [System.Text.Encoding]::UTF8).Trim() }
    if ($json.StartsWith('{')) { return $json }
    $said = ''
    if (Test-Path -LiteralPath $err) { $said = [System.IO.File]::ReadAllText($err).Trim() }
    if ($handle -and $p.ExitCode -ne 0) { $said = "exit code $($p.ExitCode). $said" }
    return @{ error = "the posture script printed no JSON: $said" }
  } catch {
    return @{ error = [string]$_.Exception.Message }
  } finally {
    foreach ($f in @($script, $out, $err)) { if (Test-Path -LiteralPath $f) { Remove-Item -LiteralPath $f -Force } }
  }
}

function Get-Part([scriptblock]$Block, [switch]$List) {
  try {
    if ($List) { return , ([object[]]@(& $Block)) }
    return (& $Block)
  } catch {
    return @{ error = [string]$_.Exception.Message }
  }
}

function Get-Wmi([string]$Class, [string[]]$Property, [string]$Filter = '') {
  if ($Filter) { return Get-WmiObject -Class $Class -Filter $Filter | Select-Object -Property $Property }
  return Get-WmiObject -Class $Class | Select-Object -Property $Property
}

# A name-based UUID (version 5 layout) from what identifies this machine: the same PC gives the
# same id on every run, and nothing has to be stored on it.
function Get-MachineId($ComputerSystemProduct, $Bios, [string]$Name) {
  $seed = 'readiness|{0}|{1}|{2}' -f $ComputerSystemProduct.UUID, $Bios.SerialNumber, $Name
  $sha1 = New-Object System.Security.Cryptography.SHA1Managed
  $bytes = $sha1.ComputeHash([System.Text.Encoding]::UTF8.GetBytes($seed.ToLowerInvariant()))
  $bytes[6] = ($bytes[6] -band 0x0f) -bor 0x50
  $bytes[8] = ($bytes[8] -band 0x3f) -bor 0x80
  $hex = ($bytes[0..15] | ForEach-Object { $_.ToString('x2') }) -join ''
  return '{0}-{1}-{2}-{3}-{4}' -f $hex.Substring(0, 8), $hex.Substring(8, 4), $hex.Substring(12, 4), $hex.Substring(16, 4), $hex.Substring(20, 12)
}

$collectedAt = (Get-Date).ToUniversalTime()
$identity = [Security.Principal.WindowsIdentity]::GetCurrent()
$elevated = (New-Object Security.Principal.WindowsPrincipal $identity).IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)
if (-not $elevated) { Write-Warning 'not running as administrator: BitLocker and some licence facts will be unknown' }

$hostParts = New-Object System.Collections.Specialized.OrderedDictionary
$hostParts['operatingSystem'] = Get-Part { Get-Wmi 'Win32_OperatingSystem' @('Caption', 'Version', 'BuildNumber', 'OSArchitecture', 'ProductType', 'CSName', 'CSDVersion') }
$hostParts['computerSystem'] = Get-Part { Get-Wmi 'Win32_ComputerSystem' @('Name', 'Domain', 'PartOfDomain', 'Manufacturer', 'Model', 'TotalPhysicalMemory', 'NumberOfProcessors', 'NumberOfLogicalProcessors') }
$hostParts['computerSystemProduct'] = Get-Part { Get-Wmi 'Win32_ComputerSystemProduct' @('IdentifyingNumber', 'UUID', 'Vendor', 'Name') }
$hostParts['bios'] = Get-Part { Get-Wmi 'Win32_BIOS' @('Manufacturer', 'SMBIOSBIOSVersion', 'ReleaseDate', 'SerialNumber') }
$hostParts['processor'] = Get-Part -List { Get-Wmi 'Win32_Processor' @('Name', 'Manufacturer', 'NumberOfCores', 'NumberOfLogicalProcessors', 'MaxClockSpeed') }
$hostParts['diskDrive'] = Get-Part -List { Get-Wmi 'Win32_DiskDrive' @('Model', 'Caption', 'InterfaceType', 'Manufacturer', 'Size', 'SerialNumber', 'MediaType') }
$hostParts['logicalDisk'] = Get-Part -List { Get-Wmi 'Win32_LogicalDisk' @('DeviceID', 'FileSystem', 'Size', 'FreeSpace') 'DriveType=3' }
$hostParts['networkAdapterConfiguration'] = Get-Part -List {
  Get-Wmi 'Win32_NetworkAdapterConfiguration' @('Index', 'Description', 'MACAddress', 'IPAddress', 'DefaultIPGateway', 'DHCPEnabled') 'IPEnabled=TRUE'
}
$hostParts['networkAdapter'] = Get-Part -List { Get-Wmi 'Win32_NetworkAdapter' @('Index', 'Name', 'NetConnectionID', 'NetConnectionStatus', 'Speed', 'AdapterType', 'PhysicalAdapter') }
$hostParts['printer'] = Get-Part -List { Get-Wmi 'Win32_Printer' @('Name', 'DriverName', 'PrinterStatus', 'Local', 'Default', 'PortName') }
$hostParts['firmwareType'] = Get-Part { $env:firmware_type }

$name = [string]$env:COMPUTERNAME
$agentId = Get-MachineId $hostParts['computerSystemProduct'] $hostParts['bios'] $name
$posture = Invoke-Posture

$doc = New-Object System.Collections.Specialized.OrderedDictionary
$doc['formatVersion'] = 1
$doc['kind'] = $ReportKind
$doc['scriptVersion'] = $ScriptVersion
$doc['psVersion'] = $PSVersionTable.PSVersion.ToString()
$doc['elevated'] = $elevated
$doc['reportId'] = [guid]::NewGuid().ToString()
$doc['agentId'] = $agentId
$doc['collectedAt'] = $collectedAt
$doc['host'] = $hostParts
# The posture script's document goes in as it printed it (PowerShell 2.0 cannot parse JSON).
$marker = '"@@posture@@"'
$doc['posture'] = '@@posture@@'
$json = ConvertTo-ReadinessJson -InputObject $doc -Depth 8
if ($posture -is [string]) { $json = $json.Replace($marker, $posture) } else { $json = $json.Replace($marker, (ConvertTo-ReadinessJson -InputObject $posture)) }

if (-not $OutDir) { $OutDir = $ScriptDir }
if (-not (Test-Path -LiteralPath $OutDir)) { New-Item -ItemType Directory -Path $OutDir -Force | Out-Null }
$file = Join-Path $OutDir ('readiness-{0}-{1}.json' -f $name, $collectedAt.ToString('yyyyMMdd-HHmmss'))
[System.IO.File]::WriteAllText($file, $json, (New-Object System.Text.UTF8Encoding $false))
Write-Host "readiness: wrote $file; import it with: readiness import `"$file`" --unit <unit> [--room <room>]"
