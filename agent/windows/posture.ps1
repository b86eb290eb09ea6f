# readiness agent: Windows posture facts in ONE PowerShell process, printed as ONE JSON document.
# Each part runs in its own try/catch, so a part that fails becomes {"error": "..."} and the
# others still arrive. The agent parses the document in TypeScript (agent/windows/*.ts); the
# document's shape is part of the replay contract (docs/replay.md, windows/posture.json).
# Keep this file ASCII: it reaches PowerShell through stdin, whose code page varies by machine.

$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
[Console]::OutputEncoding = New-Object System.Text.UTF8Encoding $false

function Invoke-Part([scriptblock]$Block, [switch]$List) {
  try {
    if ($List) { return , ([object[]]@(& $Block)) }
    return (& $Block)
  } catch {
    return @{ error = [string]$_.Exception.Message }
  }
}

function ConvertTo-IsoDate($Value) {
  if ($Value -is [datetime]) { return $Value.ToUniversalTime().ToString('o') }
  if ($null -eq $Value) { return $null }
  return [string]$Value
}

$WindowsAppId = '55c92734-d682-4d71-983e-d6ec3f16059f'
$OfficeAppId = '0ff1ce15-a989-479d-af46-f275c6370663'
$SppFields = 'Name', 'Description', 'ApplicationID', 'LicenseStatus', 'LicenseStatusReason', 'ProductKeyChannel',
  'PartialProductKey', 'LicenseFamily', 'LicenseIsAddon', 'GracePeriodRemaining', 'KeyManagementServiceMachine',
  'KeyManagementServicePort', 'DiscoveredKeyManagementServiceMachineName', 'DiscoveredKeyManagementServiceMachinePort'

$doc = [ordered]@{
  formatVersion = 1
  collectedAt = (Get-Date).ToUniversalTime().ToString('o')
  psVersion = $PSVersionTable.PSVersion.ToString()
  parts = [ordered]@{}
}
$parts = $doc.parts

$parts.os = Invoke-Part {
  $os = Get-CimInstance -ClassName Win32_OperatingSystem
  $cv = Get-ItemProperty -Path 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion'
  [ordered]@{
    Caption = $os.Caption; Version = $os.Version; BuildNumber = $os.BuildNumber; ProductType = $os.ProductType
    OSArchitecture = $os.OSArchitecture; EditionID = $cv.EditionID; DisplayVersion = $cv.DisplayVersion
    ReleaseId = $cv.ReleaseId; UBR = $cv.UBR; InstallationType = $cv.InstallationType
  }
}

# Windows and Office 2013+ licences: only products with a key installed.
$parts.softwareLicensingProduct = Invoke-Part -List {
  $filter = "PartialProductKey IS NOT NULL AND (ApplicationID='$WindowsAppId' OR ApplicationID='$OfficeAppId')"
  Get-CimInstance -ClassName SoftwareLicensingProduct -Filter $filter | Select-Object -Property $SppFields
}

$ServiceFields = 'Version', 'KeyManagementServiceMachine', 'KeyManagementServicePort',
  'DiscoveredKeyManagementServiceMachineName', 'DiscoveredKeyManagementServiceMachinePort'
$parts.softwareLicensingService = Invoke-Part {
  Get-CimInstance -ClassName SoftwareLicensingService | Select-Object -Property $ServiceFields
}

# Office 2010 (and Office on Windows 7) use the separate OSPP service; the class is missing elsewhere.
$parts.officeSoftwareProtectionProduct = Invoke-Part -List {
  Get-CimInstance -ClassName OfficeSoftwareProtectionProduct -Filter 'PartialProductKey IS NOT NULL' |
    Select-Object -Property $SppFields
}

# Microsoft 365 Apps (Click-to-Run): the configuration key, and which user profiles hold
# subscription licence files (vNext licensing keeps them per user, not in SPP).
$parts.clickToRun = Invoke-Part {
  $key = 'HKLM:\SOFTWARE\Microsoft\Office\ClickToRun\Configuration'
  if (-not (Test-Path -Path $key)) { return $null }
  $c = Get-ItemProperty -Path $key
  $profiles = @()
  foreach ($user in @(Get-ChildItem -Path (Join-Path $env:SystemDrive 'Users') -Directory -ErrorAction SilentlyContinue)) {
    $dir = Join-Path $user.FullName 'AppData\Local\Microsoft\Office\Licenses'
    if (Test-Path -Path $dir) {
      $count = @(Get-ChildItem -Path $dir -Recurse -File -ErrorAction SilentlyContinue).Count
      if ($count -gt 0) { $profiles += [ordered]@{ user = $user.Name; licenseFiles = $count } }
    }
  }
  [ordered]@{
    ProductReleaseIds = $c.ProductReleaseIds; Platform = $c.Platform; VersionToReport = $c.VersionToReport
    UpdateChannel = $c.UpdateChannel; SharedComputerLicensing = $c.SharedComputerLicensing; licensedProfiles = $profiles
  }
}

# Fallback only: when neither SPP nor OSPP listed an Office licence but ospp.vbs exists.
$parts.osppDstatus = Invoke-Part {
  $known = @($parts.softwareLicensingProduct | Where-Object { $_.ApplicationID -eq $OfficeAppId }).Count +
    @($parts.officeSoftwareProtectionProduct | Where-Object { $_.Name }).Count
  if ($known -gt 0) { return $null }
  $candidates = @($env:ProgramFiles, ${env:ProgramFiles(x86)}) | Where-Object { $_ } |
    ForEach-Object { Get-ChildItem -Path (Join-Path $_ 'Microsoft Office\Office1*\ospp.vbs') -ErrorAction SilentlyContinue }
  $osppScript = @($candidates)[0]
  if (-not $osppScript) { return $null }
  (& cscript.exe //Nologo $osppScript.FullName /dstatus | Out-String)
}

# productExeExists: false when the product's executable is gone (an uninstalled product that
# lingers in SecurityCenter2); null for non-file paths such as Defender's "windowsdefender://".
$parts.securityCenter2 = Invoke-Part -List {
  Get-CimInstance -Namespace 'root/SecurityCenter2' -ClassName AntiVirusProduct | ForEach-Object {
    $exe = [Environment]::ExpandEnvironmentVariables([string]$_.pathToSignedProductExe)
    [ordered]@{
      displayName = $_.displayName; instanceGuid = $_.instanceGuid; pathToSignedProductExe = $_.pathToSignedProductExe
      pathToSignedReportingExe = $_.pathToSignedReportingExe; productState = $_.productState; timestamp = $_.timestamp
      productExeExists = $(if ($exe -match '^[A-Za-z]:\\') { Test-Path -LiteralPath $exe } else { $null })
    }
  }
}

$parts.defender = Invoke-Part {
  $s = Get-MpComputerStatus
  [ordered]@{
    AMRunningMode = $s.AMRunningMode; AMServiceEnabled = $s.AMServiceEnabled; AntivirusEnabled = $s.AntivirusEnabled
    RealTimeProtectionEnabled = $s.RealTimeProtectionEnabled; AntivirusSignatureAge = $s.AntivirusSignatureAge
    AntivirusSignatureLastUpdated = (ConvertTo-IsoDate $s.AntivirusSignatureLastUpdated)
    AntivirusSignatureVersion = $s.AntivirusSignatureVersion; DefenderSignaturesOutOfDate = $s.DefenderSignaturesOutOfDate
    IsTamperProtected = $s.IsTamperProtected; AMProductVersion = $s.AMProductVersion
  }
}

$parts.services = Invoke-Part -List {
  Get-CimInstance -ClassName Win32_Service | ForEach-Object {
    [ordered]@{ Name = $_.Name; DisplayName = $_.DisplayName; State = $_.State; StartMode = $_.StartMode }
  }
}

$parts.processes = Invoke-Part -List { Get-Process | ForEach-Object { $_.ProcessName } | Sort-Object -Unique }

function Read-Uninstall($Root, [string]$Path, [string]$Scope, [string]$Arch, [string]$Sid, $Into) {
  $key = $Root.OpenSubKey($Path)
  if (-not $key) { return }
  foreach ($name in $key.GetSubKeyNames()) {
    $sub = $key.OpenSubKey($name)
    if (-not $sub) { continue }
    $displayName = $sub.GetValue('DisplayName')
    if ($displayName) {
      [void]$Into.Add([ordered]@{
        DisplayName = [string]$displayName; DisplayVersion = [string]$sub.GetValue('DisplayVersion')
        Publisher = [string]$sub.GetValue('Publisher'); InstallDate = [string]$sub.GetValue('InstallDate')
        SystemComponent = $sub.GetValue('SystemComponent'); ParentKeyName = [string]$sub.GetValue('ParentKeyName')
        KeyName = $name; Scope = $Scope; Arch = $Arch; Sid = $Sid
      })
    }
    $sub.Close()
  }
  $key.Close()
}

# Both registry views of HKLM, then every loaded user hive (per-user installs).
$parts.software = Invoke-Part -List {
  $found = New-Object System.Collections.ArrayList
  $uninstall = 'SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall'
  if ([Microsoft.Win32.RegistryKey].GetMethod('OpenBaseKey')) {
    foreach ($view in @(@('Registry64', 'x64'), @('Registry32', 'x86'))) {
      $hklm = [Microsoft.Win32.RegistryKey]::OpenBaseKey('LocalMachine', $view[0])
      Read-Uninstall $hklm $uninstall 'machine' $view[1] '' $found
      $hklm.Close()
    }
    $users = [Microsoft.Win32.RegistryKey]::OpenBaseKey('Users', 'Registry64')
  } else {
    # PowerShell 2.0 (.NET 2, Windows 7; deploy/windows/collect-report.ps1) has no OpenBaseKey:
    # its own view, then 32-bit programs through WOW6432Node (present on 64-bit Windows only).
    $hklm = [Microsoft.Win32.Registry]::LocalMachine
    Read-Uninstall $hklm $uninstall 'machine' $(if ([IntPtr]::Size -eq 8) { 'x64' } else { 'x86' }) '' $found
    Read-Uninstall $hklm 'SOFTWARE\WOW6432Node\Microsoft\Windows\CurrentVersion\Uninstall' 'machine' 'x86' '' $found
    $users = [Microsoft.Win32.Registry]::Users
  }
  foreach ($sid in $users.GetSubKeyNames()) {
    if ($sid -like '*_Classes') { continue }
    Read-Uninstall $users "$sid\$uninstall" 'user' '' $sid $found
    Read-Uninstall $users "$sid\SOFTWARE\WOW6432Node\Microsoft\Windows\CurrentVersion\Uninstall" 'user' 'x86' $sid $found
  }
  $users.Close()
  $found
}

# Effective firewall state (ActiveStore merges local settings and group policy); Windows 7
# has no NetSecurity module, so read its registry instead.
$parts.firewall = Invoke-Part -List {
  try {
    Get-NetFirewallProfile -PolicyStore ActiveStore | ForEach-Object { [ordered]@{ Name = [string]$_.Name; Enabled = [string]$_.Enabled } }
  } catch {
    $base = 'HKLM:\SYSTEM\CurrentControlSet\Services\SharedAccess\Parameters\FirewallPolicy'
    foreach ($p in @(@('Domain', 'DomainProfile'), @('Private', 'StandardProfile'), @('Public', 'PublicProfile'))) {
      $v = (Get-ItemProperty -Path "$base\$($p[1])" -ErrorAction SilentlyContinue).EnableFirewall
      [ordered]@{ Name = $p[0]; Enabled = [string]$v }
    }
  }
}

$parts.bitlocker = Invoke-Part -List {
  Get-CimInstance -Namespace 'root/cimv2/Security/MicrosoftVolumeEncryption' -ClassName Win32_EncryptableVolume | ForEach-Object {
    [ordered]@{
      DriveLetter = $_.DriveLetter; ProtectionStatus = $_.ProtectionStatus; ConversionStatus = $_.ConversionStatus
      EncryptionMethod = $_.EncryptionMethod; VolumeType = $_.VolumeType
    }
  }
}

$parts.hotfixes = Invoke-Part -List {
  Get-CimInstance -ClassName Win32_QuickFixEngineering | ForEach-Object {
    [ordered]@{ HotFixID = $_.HotFixID; Description = $_.Description; InstalledOn = (ConvertTo-IsoDate $_.InstalledOn) }
  }
}

# Newest 50 Windows Update operations (Operation 1 = install; ResultCode 2/3 = succeeded).
$parts.updateHistory = Invoke-Part -List {
  $searcher = (New-Object -ComObject Microsoft.Update.Session).CreateUpdateSearcher()
  $total = $searcher.GetTotalHistoryCount()
  if ($total -gt 0) {
    $searcher.QueryHistory(0, [Math]::Min($total, 50)) | ForEach-Object {
      [ordered]@{ Date = (ConvertTo-IsoDate $_.Date); Operation = [int]$_.Operation; ResultCode = [int]$_.ResultCode; Title = $_.Title }
    }
  }
}

# Members of the built-in Administrators group, found by SID because its name is localised.
$parts.localAdmins = Invoke-Part -List {
  try {
    Get-LocalGroupMember -SID 'S-1-5-32-544' | ForEach-Object { [string]$_.Name }
  } catch {
    $group = Get-CimInstance -ClassName Win32_Group -Filter "SID='S-1-5-32-544'"
    ([ADSI]"WinNT://./$($group.Name),group").psbase.Invoke('Members') |
      ForEach-Object { [string]$_.GetType().InvokeMember('Name', 'GetProperty', $null, $_, $null) }
  }
}

$parts.usb = Invoke-Part -List {
  Get-CimInstance -ClassName Win32_PnPEntity -Filter "DeviceID LIKE 'USB%'" | ForEach-Object {
    [ordered]@{ DeviceID = $_.DeviceID; Name = $_.Name; Manufacturer = $_.Manufacturer }
  }
}

# Network adapters with their medium (Windows 8 and later: Get-NetAdapter; Windows 7 has no
# NetAdapter module, so Win32_NetworkAdapter in the same field names).
$parts.netAdapters = Invoke-Part -List {
  try {
    Get-NetAdapter -ErrorAction Stop | ForEach-Object {
      [ordered]@{
        Name = $_.Name; InterfaceDescription = $_.InterfaceDescription; InterfaceIndex = $_.InterfaceIndex; Status = [string]$_.Status
        NdisPhysicalMedium = $_.NdisPhysicalMedium; PhysicalMediaType = [string]$_.PhysicalMediaType; InterfaceType = $_.InterfaceType
        Virtual = $_.Virtual; HardwareInterface = $_.HardwareInterface; PnPDeviceID = $_.PnPDeviceID; MacAddress = $_.MacAddress
      }
    }
  } catch {
    Get-CimInstance -ClassName Win32_NetworkAdapter -Filter 'NetConnectionID IS NOT NULL' | ForEach-Object {
      [ordered]@{
        Name = $_.NetConnectionID; InterfaceDescription = $_.Name; InterfaceIndex = $_.InterfaceIndex
        Status = $(if ($_.NetConnectionStatus -eq 2) { 'Up' } else { 'Disconnected' }); AdapterTypeId = $_.AdapterTypeId
        Virtual = (-not $_.PhysicalAdapter); PnPDeviceID = $_.PNPDeviceID; MacAddress = $_.MACAddress
      }
    }
  }
}

$parts.netIpConfig = Invoke-Part -List {
  Get-CimInstance -ClassName Win32_NetworkAdapterConfiguration -Filter 'IPEnabled = TRUE' | ForEach-Object {
    [ordered]@{ InterfaceIndex = $_.InterfaceIndex; Description = $_.Description; IPAddress = @($_.IPAddress); IPSubnet = @($_.IPSubnet); DefaultIPGateway = @($_.DefaultIPGateway) }
  }
}

# Default routes only (a lookup in the routing table, no packet sent); Windows 7 has no NetTCPIP module.
$parts.netRoutes = Invoke-Part -List {
  try {
    Get-NetRoute -ErrorAction Stop | Where-Object { $_.DestinationPrefix -eq '0.0.0.0/0' -or $_.DestinationPrefix -eq '::/0' } | ForEach-Object {
      [ordered]@{ DestinationPrefix = $_.DestinationPrefix; NextHop = $_.NextHop; InterfaceIndex = $_.InterfaceIndex; InterfaceAlias = $_.InterfaceAlias; RouteMetric = $_.RouteMetric }
    }
  } catch {
    Get-CimInstance -ClassName Win32_IP4RouteTable -Filter "Destination = '0.0.0.0'" | ForEach-Object {
      [ordered]@{ DestinationPrefix = '0.0.0.0/0'; NextHop = $_.NextHop; InterfaceIndex = $_.InterfaceIndex; InterfaceAlias = ''; RouteMetric = $_.Metric1 }
    }
  }
}

# Windows' own verdict per network (NCSI): whether the connection reaches the Internet.
$parts.netProfiles = Invoke-Part -List {
  Get-NetConnectionProfile | ForEach-Object {
    [ordered]@{ Name = $_.Name; InterfaceAlias = $_.InterfaceAlias; InterfaceIndex = $_.InterfaceIndex; IPv4Connectivity = [string]$_.IPv4Connectivity; IPv6Connectivity = [string]$_.IPv6Connectivity }
  }
}

# The connected Wi-Fi network: netsh's own text, parsed in TypeScript (agent/windows/netsh-wlan.ts).
$parts.wlanInterfaces = Invoke-Part { (& netsh.exe wlan show interfaces | Out-String) }

# Trusted roots of the machine: public fields only.
$parts.certRoots = Invoke-Part -List {
  Get-ChildItem -Path 'Cert:\LocalMachine\Root' | ForEach-Object {
    [ordered]@{
      Subject = $_.Subject; Issuer = $_.Issuer; Thumbprint = $_.Thumbprint; SerialNumber = $_.SerialNumber
      NotBefore = (ConvertTo-IsoDate $_.NotBefore); NotAfter = (ConvertTo-IsoDate $_.NotAfter)
    }
  }
}

# Personal certificates of the machine and of every loaded user hive (a token's certificates
# are propagated into its user's store), as the registry keeps them: the certificate and the
# name of its key's provider. The agent runs as SYSTEM and cannot open the users' own stores;
# no private key is ever opened.
$parts.certPersonal = Invoke-Part -List {
  $found = New-Object System.Collections.ArrayList
  $stores = New-Object System.Collections.ArrayList
  [void]$stores.Add(@('LocalMachine\My', 'LocalMachine', 'SOFTWARE\Microsoft\SystemCertificates\My\Certificates'))
  $users = [Microsoft.Win32.RegistryKey]::OpenBaseKey('Users', 'Registry64')
  foreach ($sid in $users.GetSubKeyNames()) {
    if ($sid -notlike '*_Classes') { [void]$stores.Add(@("User\$sid\My", 'Users', "$sid\Software\Microsoft\SystemCertificates\My\Certificates")) }
  }
  $users.Close()
  foreach ($s in $stores) {
    $base = [Microsoft.Win32.RegistryKey]::OpenBaseKey($s[1], 'Registry64')
    $key = $base.OpenSubKey($s[2])
    if ($key) {
      foreach ($name in $key.GetSubKeyNames()) {
        $sub = $key.OpenSubKey($name)
        $blob = $sub.GetValue('Blob')
        if ($blob) { [void]$found.Add([ordered]@{ Store = $s[0]; Thumbprint = $name; Blob = [Convert]::ToBase64String([byte[]]$blob) }) }
        $sub.Close()
      }
      $key.Close()
    }
    $base.Close()
  }
  $found
}

[Console]::Out.Write((ConvertTo-Json -InputObject $doc -Depth 8 -Compress))
