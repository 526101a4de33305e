# Build the Windows setup: dist\xiehui-tiaojie\ (one-folder bundle) and
# dist\xiehui-tiaojie-setup-<version>.exe.  Run in PowerShell from any folder:
#   powershell -ExecutionPolicy Bypass -File installer\build_windows.ps1 [-Reuse]
# Needs: Python 3.11 x64 (the "py" launcher) and Inno Setup 6.5 or newer (ISCC.exe; found in
# Program Files or through the ISCC environment variable).
param([switch]$Reuse)
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..")

if (-not (Test-Path ".venv\Scripts\python.exe")) {
    py -3.11 -m venv .venv
    if ($LASTEXITCODE -ne 0) { throw "需要 Python 3.11（py -3.11）" }
}
.venv\Scripts\python.exe -m pip install --disable-pip-version-check -r requirements-build.txt
if ($LASTEXITCODE -ne 0) { throw "pip install -r requirements-build.txt 失败" }

$buildArgs = @("installer\build.py")
if ($Reuse) { $buildArgs += "--reuse" }
.venv\Scripts\python.exe @buildArgs
if ($LASTEXITCODE -ne 0) { throw "构建失败" }
Get-ChildItem dist\xiehui-tiaojie-setup-*.exe | ForEach-Object { Write-Host "安装程序：$($_.FullName)" }
