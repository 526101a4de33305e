; 消协投诉调解台 — Windows setup (Inno Setup 6.5 or newer), Windows 10/11 x64.
;
; Built by installer\build_windows.ps1 (through installer\build.py), which passes:
;   ISCC /DAppVersion=0.1.0 /DFileVersion=0.1.0.0 /DBundleDir=<dist\xiehui-tiaojie> /O<dist> setup.iss
;
; Upgrade rules this script keeps (reviewed line by line, see the README "Installers"):
;  1. One fixed AppId for ever: a new version finds the old one and installs over it, in the same
;     folder, with the same shortcuts and tasks; never two entries in "Apps".
;  2. The running program is closed before any file is replaced (AppMutex + Restart Manager).
;  3. Files of the previous build that the new one no longer has are removed ([InstallDelete]).
;  4. The clerk's data lives outside the program folder, in %LOCALAPPDATA%\XiehuiTiaojie
;     (app/config.py, platformdirs roaming=False); setup never touches it, uninstall keeps it
;     unless the clerk explicitly says to delete it ([Code]).

#ifndef AppVersion
  #error 请用 installer\build.py 编译（它传入 /DAppVersion=…）
#endif
#ifndef FileVersion
  #define FileVersion AppVersion
#endif
#ifndef BundleDir
  #define BundleDir "..\..\dist\xiehui-tiaojie"
#endif
#if VER < EncodeVer(6, 5, 0)
  #error 需要 Inno Setup 6.5 或更新版本（它自带简体中文 Languages\ChineseSimplified.isl）
#endif

#define AppName "消协投诉调解台"
#define AppExeName "xiehui-tiaojie.exe"
; = app.APP_ID: the data folder %LOCALAPPDATA%\XiehuiTiaojie and the install folder name.
#define AppIdName "XiehuiTiaojie"
; = app.runtime.MUTEX_NAME: the program holds this mutex while it runs.
#define AppMutexName "XiehuiTiaojie.Running"

[Setup]
; NEVER change AppId: it is how a new version recognises the installed one (rule 1).
AppId={{26D0A750-658C-4E64-ADCC-853BA5234787}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=消费者协会
VersionInfoVersion={#FileVersion}
VersionInfoProductName={#AppName}
VersionInfoDescription={#AppName} 安装程序
; Per-user install, no administrator needed (clerks install it themselves): {autopf} is then
; %LOCALAPPDATA%\Programs, so the program is in ...\Programs\XiehuiTiaojie and the data in
; ...\XiehuiTiaojie — two different folders (rule 4).
PrivilegesRequired=lowest
DefaultDirName={autopf}\{#AppIdName}
; An upgrade goes to the folder of the installed version, without asking again (rule 1).
UsePreviousAppDir=yes
DisableDirPage=auto
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
UsePreviousTasks=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
WizardStyle=modern
SetupIconFile=..\..\resources\icons\xiehui-tiaojie.ico
UninstallDisplayIcon={app}\{#AppExeName}
UninstallDisplayName={#AppName}
OutputBaseFilename=xiehui-tiaojie-setup-{#AppVersion}
Compression=lzma2/max
SolidCompression=yes
; Rule 2: setup (and the uninstaller) first look for the program's mutex and ask the clerk to
; close it; then the Restart Manager closes whatever still holds a file that will be replaced.
AppMutex={#AppMutexName},Global\{#AppMutexName}
CloseApplications=force
CloseApplicationsFilter=*.exe,*.dll,*.pyd
RestartApplications=no
; Two copies of setup at once would race on the same folder.
SetupMutex={#AppIdName}.Setup,Global\{#AppIdName}.Setup
ShowLanguageDialog=no
LanguageDetectionMethod=none

[Languages]
; Inno Setup 6.5+ ships the Simplified Chinese messages as an official translation.
Name: "chinesesimp"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[InstallDelete]
; Rule 3: the previous build's libraries go before the new ones are copied, so no stale DLL or
; module of an older Qt/Python is left to be loaded. Only the program folder: data is elsewhere.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExeName}"; WorkingDir: "{userdocs}"; Comment: "消费者投诉登记、受理、调解与统计"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExeName}"; WorkingDir: "{userdocs}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExeName}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Anything left inside the program folder (never the data folder: that is decided in [Code]).
Type: filesandordirs; Name: "{app}\_internal"

[Code]
{ Rule 4: uninstalling keeps the clerk's cases, attachments, backups and logs. Only when the
  clerk answers "是" twice is the data folder deleted; a silent uninstall never deletes it. }

function DataFolder(): String;
begin
  Result := ExpandConstant('{localappdata}\{#AppIdName}');
end;

function ConfirmDeleteData(const Folder: String): Boolean;
begin
  Result := False;
  if MsgBox('程序已卸载。案件数据仍保存在本机：' + #13#10 + Folder + #13#10#13#10 +
            '是否同时删除全部案件数据（数据库、附件、数据文件夹中的备份和日志）？' + #13#10#13#10 +
            '选择“否”保留数据（建议）：以后重新安装本程序，可以继续使用这些数据。',
            mbConfirmation, MB_YESNO or MB_DEFBUTTON2) <> IDYES then
    Exit;
  Result := MsgBox('删除后无法恢复。' + #13#10#13#10 + '确定要永久删除全部案件数据吗？',
                   mbError, MB_YESNO or MB_DEFBUTTON2) = IDYES;
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  Folder: String;
begin
  if CurUninstallStep <> usPostUninstall then
    Exit;
  Folder := DataFolder();
  if UninstallSilent() or not DirExists(Folder) then
    Exit;
  if ConfirmDeleteData(Folder) then
  begin
    if not DelTree(Folder, True, True, True) then
      MsgBox('部分数据文件未能删除，请手动删除文件夹：' + #13#10 + Folder, mbInformation, MB_OK);
  end;
end;
