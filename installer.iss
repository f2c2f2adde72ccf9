; Inno Setup script for the Windows installer of Urbanista.
; Input: the frozen application in dist\urbanista\ (urbanista.exe and its
; libraries) and the resources\ folder. Build with: iscc installer.iss
; The freezing step that fills dist\urbanista\ arrives with the desktop app (issue #7).

#define AppName "Urbanista"
#define AppVersion "0.1.0"
#define AppPublisher "Urbanista"
#define AppExe "urbanista.exe"

[Setup]
AppId={{6B7C2E1A-3F4D-4C8B-9A51-2D7E0F9C4B13}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher={#AppPublisher}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
; City hall PCs: installing for the current user needs no administrator.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=dist
OutputBaseFilename=urbanista-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
UninstallDisplayIcon={app}\{#AppExe}
ChangesAssociations=yes

[Languages]
Name: "polish"; MessagesFile: "compiler:Languages\Polish.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
polish.OpenWorkspace=Obszar roboczy Urbanisty
english.OpenWorkspace=Urbanista workspace
polish.SampleCity=Przykładowe miasto (dane do ćwiczeń)
english.SampleCity=Sample city (practice data)

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "dist\urbanista\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
Source: "resources\*"; DestDir: "{app}\resources"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"; Parameters: "gui"
Name: "{group}\{cm:SampleCity}"; Filename: "{app}\{#AppExe}"; Parameters: "demo --out ""{userdocs}\Urbanista\demo"""
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Parameters: "gui"; Tasks: desktopicon

[Registry]
; Double-clicking a workspace's .gpkg is left to GIS programs; offer "Open with Urbanista" instead.
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" gui ""%1"""; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\.gpkg\OpenWithList\{#AppExe}"; ValueType: string; ValueName: ""; ValueData: ""; Flags: uninsdeletekey

[Run]
Filename: "{app}\{#AppExe}"; Parameters: "gui"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
Type: filesandordirs; Name: "{app}\__pycache__"
