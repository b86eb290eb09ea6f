<#
.SYNOPSIS
  Installs, upgrades or removes the readiness agent on a Windows 10 / Server 2016 or later PC.

.DESCRIPTION
  Run it as administrator, or as a Group Policy computer start-up script (it then runs as
  SYSTEM at every start-up; docs/deploy.md says how). It:
    - copies readiness-agent-win-x64.exe (found beside this script, checked against the
      SHA256SUMS file beside it) to %ProgramFiles%\readiness\readiness-agent.exe, when the
      installed copy differs (an upgrade) or is missing;
    - makes %ProgramData%\readiness (state, spool, logs) readable by SYSTEM and Administrators only;
    - enrolls the machine once, with the unit's enrollment secret (which decides the unit) and
      the collector's CA;
    - sends a first report;
    - registers the scheduled task \readiness\readiness-agent, run as SYSTEM at start-up and
      then at the collector's interval, each machine with its own random delay.
  Running it again is harmless: nothing changes when everything is current. -Uninstall removes
  the task, the program and (unless -KeepState) %ProgramData%\readiness.
  Older Windows (7, 8.1) cannot run the agent: use collect-report.ps1 there.
  Keep this file ASCII: Windows PowerShell reads scripts without a BOM in the machine's code page.

.EXAMPLE
  .\install-agent.ps1 -Collector https://readiness.vks.local:8443 -Secret <unit secret> -Room phong-1 -CaFile .\collector-ca.pem

.EXAMPLE
  .\install-agent.ps1 -Uninstall
#>
param(
  [string]$Collector = '',
  [string]$Secret = '',
  [string]$Unit = '',
  [string]$Room = '',
  [string]$CaFile = '',
  [string]$Executable = '',
  [int]$IntervalMinutes = 0,
  [switch]$Uninstall,
  [switch]$KeepState
)

$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'

$TaskPath = '\readiness\'
$TaskName = 'readiness-agent'
$ProgramDir = Join-Path $env:ProgramFiles 'readiness'
$AgentExe = Join-Path $ProgramDir 'readiness-agent.exe'
$DataDir = Join-Path $env:ProgramData 'readiness'
$LogDir = Join-Path $DataDir 'logs'
$StateFile = Join-Path $DataDir 'agent.json'
$ConfigCache = Join-Path $DataDir 'agent-config.json'
$AgentLog = Join-Path $LogDir 'agent.log'
$InstallLog = Join-Path $LogDir 'install.log'
$SystemSid = 'S-1-5-18'
$AdministratorsSid = 'S-1-5-32-544'
$TaskArguments = 'agent run --once --service --log-file "{0}"' -f $AgentLog

function Write-Step([string]$Message) {
  $line = '{0} {1}' -f (Get-Date).ToUniversalTime().ToString('o'), $Message
  Write-Host $Message
  if (Test-Path -LiteralPath $LogDir) { Add-Content -LiteralPath $InstallLog -Value $line -Encoding UTF8 }
}

function Stop-WithError([string]$Message) {
  Write-Step "install-agent: $Message"
  exit 1
}

function Test-Elevated {
  $identity = [Security.Principal.WindowsIdentity]::GetCurrent()
  if ($identity.User.Value -eq $SystemSid) { return $true }
  return (New-Object Security.Principal.WindowsPrincipal $identity).IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)
}

# State, spool and logs hold the agent's key: SYSTEM and Administrators only, nothing inherited.
function Set-PrivateFolder([string]$Path) {
  if (-not (Test-Path -LiteralPath $Path)) { New-Item -ItemType Directory -Path $Path -Force | Out-Null }
  $acl = New-Object System.Security.AccessControl.DirectorySecurity
  $acl.SetAccessRuleProtection($true, $false)
  foreach ($sid in @($SystemSid, $AdministratorsSid)) {
    $who = New-Object System.Security.Principal.SecurityIdentifier $sid
    $rule = New-Object System.Security.AccessControl.FileSystemAccessRule($who, 'FullControl', 'ContainerInherit,ObjectInherit', 'None', 'Allow')
    $acl.AddAccessRule($rule)
  }
  $acl.SetOwner((New-Object System.Security.Principal.SecurityIdentifier $AdministratorsSid))
  Set-Acl -LiteralPath $Path -AclObject $acl
  # Files made before (an earlier install) take the folder's rules instead of their own.
  if (Get-ChildItem -LiteralPath $Path -Force) { & icacls.exe "$Path\*" /reset /T /C /Q | Out-Null }
}

function Get-Sha256([string]$Path) {
  return (Get-FileHash -LiteralPath $Path -Algorithm SHA256).Hash.ToLowerInvariant()
}

function Find-Executable {
  if ($Executable) { return $Executable }
  return (Join-Path $PSScriptRoot 'readiness-agent-win-x64.exe')
}

# The hash SHA256SUMS beside the executable gives for it, or $null when there is no such line.
function Get-ExpectedHash([string]$Path) {
  $sums = Join-Path (Split-Path -Parent $Path) 'SHA256SUMS'
  if (-not (Test-Path -LiteralPath $sums)) { return $null }
  $name = Split-Path -Leaf $Path
  foreach ($line in Get-Content -LiteralPath $sums) {
    if ($line -match '^([0-9a-fA-F]{64})  (.+)$' -and $Matches[2] -eq $name) { return $Matches[1].ToLowerInvariant() }
  }
  return $null
}

function Get-AgentTask {
  return Get-ScheduledTask -TaskPath $TaskPath -TaskName $TaskName -ErrorAction SilentlyContinue
}

# Waits for a run in progress to end (up to two minutes), so the program can be replaced.
function Stop-AgentTask {
  $task = Get-AgentTask
  if (-not $task) { return }
  if ($task.State -eq 'Running') { Stop-ScheduledTask -TaskPath $TaskPath -TaskName $TaskName }
  for ($i = 0; $i -lt 60 -and (Get-AgentTask).State -eq 'Running'; $i++) { Start-Sleep -Seconds 2 }
}

# The agent's own lines go to the console (and to its --log-file), never into the return value.
function Invoke-Agent([string[]]$Arguments) {
  & $AgentExe @Arguments | Out-Host
  return $LASTEXITCODE
}

# Installs or upgrades the program. At every start-up of every PC this runs from the share: the
# share's 70 MB copy is read only when SHA256SUMS says it differs from the installed one, and a
# copy damaged on its way (a share, a USB stick) is refused.
function Install-Program([string]$Source) {
  $expected = Get-ExpectedHash $Source
  $installed = $null
  if (Test-Path -LiteralPath $AgentExe) { $installed = Get-Sha256 $AgentExe }
  if ($expected -and $installed -eq $expected) { return $false }
  if (-not (Test-Path -LiteralPath $Source)) { Stop-WithError "cannot find $Source; put readiness-agent-win-x64.exe beside this script or pass -Executable" }
  if (-not (Test-Path -LiteralPath $ProgramDir)) { New-Item -ItemType Directory -Path $ProgramDir -Force | Out-Null }
  $partial = "$AgentExe.new"
  Copy-Item -LiteralPath $Source -Destination $partial -Force | Out-Null
  $copied = Get-Sha256 $partial
  if ($expected -and $copied -ne $expected) {
    Remove-Item -LiteralPath $partial -Force
    Stop-WithError "$Source does not match SHA256SUMS; copy the build again"
  }
  if ($copied -eq $installed) {
    Remove-Item -LiteralPath $partial -Force
    return $false
  }
  Stop-AgentTask | Out-Null
  Move-Item -LiteralPath $partial -Destination $AgentExe -Force | Out-Null
  return $true
}

function Get-IntervalMinutes {
  if ($IntervalMinutes -gt 0) { return $IntervalMinutes }
  if (Test-Path -LiteralPath $ConfigCache) {
    try {
      $seconds = [int](Get-Content -LiteralPath $ConfigCache -Raw | ConvertFrom-Json).intervalSeconds
      if ($seconds -ge 60) { return [int][Math]::Ceiling($seconds / 60) }
    } catch {
      Write-Step "install-agent: warning: cannot read the interval from $ConfigCache ($($_.Exception.Message)); using 60 minutes"
    }
  }
  return 60
}

function Get-TaskXml([int]$Minutes) {
  $delay = [Math]::Min($Minutes, 15)
  $start = (Get-Date).ToString('yyyy-MM-ddTHH:mm:ss')
  $esc = { param([string]$s) [System.Security.SecurityElement]::Escape($s) }
  return @"
<?xml version="1.0" encoding="UTF-16"?>
<Task version="1.4" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">
  <RegistrationInfo>
    <Description>readiness agent: reports this machine's readiness facts to the collector (docs/deploy.md)</Description>
  </RegistrationInfo>
  <Triggers>
    <BootTrigger>
      <Enabled>true</Enabled>
      <Delay>PT2M</Delay>
    </BootTrigger>
    <TimeTrigger>
      <Enabled>true</Enabled>
      <StartBoundary>$start</StartBoundary>
      <Repetition>
        <Interval>PT$($Minutes)M</Interval>
        <StopAtDurationEnd>false</StopAtDurationEnd>
      </Repetition>
      <RandomDelay>PT$($delay)M</RandomDelay>
    </TimeTrigger>
  </Triggers>
  <Principals>
    <Principal id="Author">
      <UserId>$SystemSid</UserId>
      <RunLevel>HighestAvailable</RunLevel>
    </Principal>
  </Principals>
  <Settings>
    <MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>
    <DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries>
    <StopIfGoingOnBatteries>false</StopIfGoingOnBatteries>
    <StartWhenAvailable>true</StartWhenAvailable>
    <RunOnlyIfNetworkAvailable>false</RunOnlyIfNetworkAvailable>
    <ExecutionTimeLimit>PT30M</ExecutionTimeLimit>
    <Priority>7</Priority>
    <Enabled>true</Enabled>
  </Settings>
  <Actions Context="Author">
    <Exec>
      <Command>$(& $esc $AgentExe)</Command>
      <Arguments>$(& $esc $TaskArguments)</Arguments>
      <WorkingDirectory>$(& $esc $DataDir)</WorkingDirectory>
    </Exec>
  </Actions>
</Task>
"@
}

function Uninstall-Agent {
  if (Get-AgentTask) {
    Stop-AgentTask | Out-Null
    Unregister-ScheduledTask -TaskPath $TaskPath -TaskName $TaskName -Confirm:$false
  }
  if (Test-Path -LiteralPath $ProgramDir) { Remove-Item -LiteralPath $ProgramDir -Recurse -Force }
  if ($KeepState) {
    Write-Host "install-agent: removed; $DataDir kept"
  } elseif (Test-Path -LiteralPath $DataDir) {
    $waiting = @(Get-ChildItem -LiteralPath (Join-Path $DataDir 'spool') -Filter '*.json' -ErrorAction SilentlyContinue).Count
    if ($waiting -gt 0) { Write-Host "install-agent: warning: $waiting undelivered report(s) in the spool are removed too" }
    Remove-Item -LiteralPath $DataDir -Recurse -Force
    Write-Host "install-agent: removed, with $DataDir"
  } else {
    Write-Host 'install-agent: nothing to remove'
  }
  Write-Host 'The host stays listed on the collector until an administrator retires it there.'
}

if (-not (Test-Elevated)) { Stop-WithError 'run this as administrator (or as a computer start-up script, which runs as SYSTEM)' }
if ($Uninstall) { Uninstall-Agent; exit 0 }

# Node 20, inside the agent, needs Windows 10 / Server 2016 (build 14393) or later.
$build = [int](Get-CimInstance -ClassName Win32_OperatingSystem).BuildNumber
if ($build -lt 14393) { Stop-WithError "this Windows (build $build) is too old for the agent; run collect-report.ps1 on it instead (docs/deploy.md)" }

Set-PrivateFolder $DataDir
if (-not (Test-Path -LiteralPath $LogDir)) { New-Item -ItemType Directory -Path $LogDir -Force | Out-Null }

if (Install-Program (Find-Executable)) { Write-Step "install-agent: installed $AgentExe ($(& $AgentExe --version))" }

if (Test-Path -LiteralPath $StateFile) {
  Write-Step "install-agent: already enrolled ($StateFile kept)"
} else {
  if (-not $Collector -or -not $Secret) { Stop-WithError 'give -Collector and the unit''s enrollment secret (-Secret; readiness enroll-secret create --unit U) to enroll this machine' }
  $enroll = @('agent', 'enroll', '--service', '--collector', $Collector, '--secret', $Secret, '--log-file', $AgentLog)
  # A per-unit secret decides the unit (and the room, if it names one); -Unit serves the global secret.
  if ($Unit) { $enroll += @('--unit', $Unit) }
  if ($Room) { $enroll += @('--room', $Room) }
  # The agent keeps the CA certificate in its state: the file itself is needed only now.
  if ($CaFile) {
    if (-not (Test-Path -LiteralPath $CaFile)) { Stop-WithError "no CA file $CaFile" }
    $enroll += @('--ca', $CaFile)
  }
  if ((Invoke-Agent $enroll) -ne 0) { Stop-WithError "enrollment failed; see $AgentLog" }
  # The first report now: the person installing sees it arrive, and the collector's interval is cached.
  if ((Invoke-Agent @('agent', 'run', '--once', '--service', '--log-file', $AgentLog)) -ne 0) {
    Write-Step "install-agent: warning: the first report was not delivered; it waits in $DataDir\spool and goes with the next run"
  }
}

# The task is registered again only when it differs (a first install, a new interval, a new script).
function Test-TaskCurrent($Task, [int]$Minutes) {
  if (-not $Task -or $Task.Actions.Count -ne 1) { return $false }
  if ($Task.Actions[0].Execute -ne $AgentExe -or $Task.Actions[0].Arguments -ne $TaskArguments) { return $false }
  if ($Task.Principal.UserId -notin @('SYSTEM', $SystemSid)) { return $false }
  foreach ($trigger in $Task.Triggers) {
    $every = $trigger.Repetition.Interval
    if ($every -and [System.Xml.XmlConvert]::ToTimeSpan($every).TotalMinutes -eq $Minutes) { return $true }
  }
  return $false
}

$minutes = Get-IntervalMinutes
if (Test-TaskCurrent (Get-AgentTask) $minutes) {
  Write-Step "install-agent: up to date (every $minutes minutes)"
} else {
  Register-ScheduledTask -TaskPath $TaskPath -TaskName $TaskName -Xml (Get-TaskXml $minutes) -Force | Out-Null
  Write-Step "install-agent: scheduled task $TaskPath$TaskName runs as SYSTEM at start-up and every $minutes minutes"
}
exit 0
