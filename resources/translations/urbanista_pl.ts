<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pl_PL">
<context>
    <name>AnalysisDialog</name>
    <message>
        <location filename="../../desktop/analysis_dialog.py" line="78"/>
        <source>Run the analysis and store its results</source>
        <translation>Uruchom analizę i zapisz jej wyniki</translation>
    </message>
    <message>
        <location filename="../../desktop/analysis_dialog.py" line="79"/>
        <source>Stop the analysis (Esc); nothing is stored</source>
        <translation>Przerwij analizę (Esc); nic nie zostanie zapisane</translation>
    </message>
    <message>
        <location filename="../../desktop/analysis_dialog.py" line="84"/>
        <source>Layers</source>
        <translation>Warstwy</translation>
    </message>
    <message>
        <location filename="../../desktop/analysis_dialog.py" line="96"/>
        <source>Result</source>
        <translation>Wynik</translation>
    </message>
    <message>
        <location filename="../../desktop/analysis_dialog.py" line="105"/>
        <source>Set the parameters and press Run.</source>
        <translation>Ustaw parametry i naciśnij Uruchom.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/analysis_dialog.py" line="143"/>
        <source>Stored %n layer(s): {names}</source>
        <translation>
            <numerusform>Zapisano %n warstwę: {names}</numerusform>
            <numerusform>Zapisano %n warstwy: {names}</numerusform>
            <numerusform>Zapisano %n warstw: {names}</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>AttributeDock</name>
    <message>
        <location filename="../../desktop/attribute_dock.py" line="387"/>
        <source>Attribute table</source>
        <translation>Tabela atrybutów</translation>
    </message>
    <message>
        <location filename="../../desktop/attribute_dock.py" line="394"/>
        <source>Attribute table — {layer}</source>
        <translation>Tabela atrybutów — {layer}</translation>
    </message>
</context>
<context>
    <name>AttributeTableModel</name>
    <message>
        <location filename="../../desktop/attribute_table.py" line="292"/>
        <location filename="../../desktop/attribute_table.py" line="307"/>
        <source>yes</source>
        <translation>tak</translation>
    </message>
    <message>
        <location filename="../../desktop/attribute_table.py" line="292"/>
        <location filename="../../desktop/attribute_table.py" line="307"/>
        <source>no</source>
        <translation>nie</translation>
    </message>
</context>
<context>
    <name>AttributeTableWidget</name>
    <message>
        <location filename="../../desktop/attribute_dock.py" line="76"/>
        <source>Columns</source>
        <translation>Kolumny</translation>
    </message>
    <message>
        <location filename="../../desktop/attribute_dock.py" line="88"/>
        <source>Attribute table</source>
        <translation>Tabela atrybutów</translation>
    </message>
    <message>
        <location filename="../../desktop/attribute_dock.py" line="109"/>
        <source>&amp;Zoom to selection</source>
        <translation>&amp;Przybliż do zaznaczenia</translation>
    </message>
    <message>
        <location filename="../../desktop/attribute_dock.py" line="111"/>
        <source>Show the selected features on the map</source>
        <translation>Pokaż zaznaczone obiekty na mapie</translation>
    </message>
    <message>
        <location filename="../../desktop/attribute_dock.py" line="113"/>
        <source>&amp;Export to Excel…</source>
        <translation>&amp;Eksportuj do Excela…</translation>
    </message>
    <message>
        <location filename="../../desktop/attribute_dock.py" line="116"/>
        <source>Write the rows and columns shown, in their order, to an Excel workbook</source>
        <translation>Zapisz widoczne wiersze i kolumny, w bieżącej kolejności, do skoroszytu Excela</translation>
    </message>
    <message>
        <location filename="../../desktop/attribute_dock.py" line="119"/>
        <source>Filter rows</source>
        <translation>Filtruj wiersze</translation>
    </message>
    <message>
        <location filename="../../desktop/attribute_dock.py" line="128"/>
        <source>Filter rows (Ctrl+F)…</source>
        <translation>Filtruj wiersze (Ctrl+F)…</translation>
    </message>
    <message>
        <location filename="../../desktop/attribute_dock.py" line="129"/>
        <source>Filter text</source>
        <translation>Tekst filtru</translation>
    </message>
    <message>
        <location filename="../../desktop/attribute_dock.py" line="134"/>
        <source>Column to filter</source>
        <translation>Kolumna do filtrowania</translation>
    </message>
    <message>
        <location filename="../../desktop/attribute_dock.py" line="137"/>
        <source>&amp;Columns</source>
        <translation>&amp;Kolumny</translation>
    </message>
    <message>
        <location filename="../../desktop/attribute_dock.py" line="138"/>
        <source>Choose the columns shown</source>
        <translation>Wybierz widoczne kolumny</translation>
    </message>
    <message>
        <location filename="../../desktop/attribute_dock.py" line="150"/>
        <source>Progress</source>
        <translation>Postęp</translation>
    </message>
    <message>
        <location filename="../../desktop/attribute_dock.py" line="152"/>
        <source>Cancel</source>
        <translation>Anuluj</translation>
    </message>
    <message>
        <location filename="../../desktop/attribute_dock.py" line="203"/>
        <source>All columns</source>
        <translation>Wszystkie kolumny</translation>
    </message>
    <message>
        <location filename="../../desktop/attribute_dock.py" line="299"/>
        <source>Export to Excel</source>
        <translation>Eksport do Excela</translation>
    </message>
    <message>
        <location filename="../../desktop/attribute_dock.py" line="301"/>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Skoroszyty Excela (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../desktop/attribute_dock.py" line="318"/>
        <source>{layer}: {shown} of {total} rows</source>
        <translation>{layer}: {shown} z {total} wierszy</translation>
    </message>
    <message>
        <location filename="../../desktop/attribute_dock.py" line="326"/>
        <source>, filtered by “{text}” {where}</source>
        <translation>, filtr „{text}” {where}</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/attribute_dock.py" line="334"/>
        <source>Exported %n row(s) to {path}</source>
        <translation>
            <numerusform>Wyeksportowano %n wiersz do {path}</numerusform>
            <numerusform>Wyeksportowano %n wiersze do {path}</numerusform>
            <numerusform>Wyeksportowano %n wierszy do {path}</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/attribute_dock.py" line="339"/>
        <source>Cannot export to Excel</source>
        <translation>Nie można wyeksportować do Excela</translation>
    </message>
    <message>
        <location filename="../../desktop/attribute_dock.py" line="374"/>
        <source>{shown} of {total} rows, {selected} selected</source>
        <translation>{shown} z {total} wierszy, zaznaczone: {selected}</translation>
    </message>
</context>
<context>
    <name>CatalogueModel</name>
    <message>
        <location filename="../../desktop/catalogue_model.py" line="104"/>
        <location filename="../../desktop/catalogue_model.py" line="127"/>
        <source>Dataset</source>
        <translation>Zbiór danych</translation>
    </message>
    <message>
        <location filename="../../desktop/catalogue_model.py" line="105"/>
        <source>Kind</source>
        <translation>Rodzaj</translation>
    </message>
    <message>
        <location filename="../../desktop/catalogue_model.py" line="106"/>
        <source>CRS</source>
        <translation>Układ współrzędnych</translation>
    </message>
    <message>
        <location filename="../../desktop/catalogue_model.py" line="107"/>
        <source>Features</source>
        <translation>Obiekty</translation>
    </message>
    <message>
        <location filename="../../desktop/catalogue_model.py" line="108"/>
        <source>Imported</source>
        <translation>Data importu</translation>
    </message>
    <message>
        <location filename="../../desktop/catalogue_model.py" line="109"/>
        <source>Licence</source>
        <translation>Licencja</translation>
    </message>
    <message>
        <location filename="../../desktop/catalogue_model.py" line="110"/>
        <source>Source date</source>
        <translation>Data danych źródłowych</translation>
    </message>
    <message>
        <location filename="../../desktop/catalogue_model.py" line="111"/>
        <source>Quality flags</source>
        <translation>Uwagi o jakości</translation>
    </message>
    <message>
        <location filename="../../desktop/catalogue_model.py" line="116"/>
        <source>The dataset&apos;s title, or its layer name if it has none</source>
        <translation>Tytuł zbioru danych lub nazwa jego warstwy, jeśli nie ma tytułu</translation>
    </message>
    <message>
        <location filename="../../desktop/catalogue_model.py" line="117"/>
        <source>Number of features; empty for rasters</source>
        <translation>Liczba obiektów; puste dla rastrów</translation>
    </message>
    <message>
        <location filename="../../desktop/catalogue_model.py" line="118"/>
        <source>When the dataset was imported (local time)</source>
        <translation>Kiedy zbiór danych został zaimportowany (czas lokalny)</translation>
    </message>
    <message>
        <location filename="../../desktop/catalogue_model.py" line="119"/>
        <source>Date of the source data, as given on import</source>
        <translation>Data danych źródłowych podana przy imporcie</translation>
    </message>
    <message>
        <location filename="../../desktop/catalogue_model.py" line="120"/>
        <source>Problems the importer found in the source data</source>
        <translation>Problemy wykryte w danych źródłowych podczas importu</translation>
    </message>
    <message>
        <location filename="../../desktop/catalogue_model.py" line="125"/>
        <source>GPS tracks</source>
        <translation>Ślady GPS</translation>
    </message>
    <message>
        <location filename="../../desktop/catalogue_model.py" line="126"/>
        <source>Citizen reports</source>
        <translation>Zgłoszenia mieszkańców</translation>
    </message>
    <message>
        <location filename="../../desktop/catalogue_model.py" line="128"/>
        <source>Raster</source>
        <translation>Raster</translation>
    </message>
    <message>
        <location filename="../../desktop/catalogue_model.py" line="129"/>
        <source>Analysis result</source>
        <translation>Wynik analizy</translation>
    </message>
    <message>
        <location filename="../../desktop/catalogue_model.py" line="154"/>
        <source>GeoTIFF: {path}</source>
        <translation>GeoTIFF: {path}</translation>
    </message>
    <message>
        <location filename="../../desktop/catalogue_model.py" line="156"/>
        <source>Layer: {name}</source>
        <translation>Warstwa: {name}</translation>
    </message>
    <message>
        <location filename="../../desktop/catalogue_model.py" line="164"/>
        <source>No quality flags</source>
        <translation>Brak uwag o jakości</translation>
    </message>
</context>
<context>
    <name>ExcelReportDialog</name>
    <message>
        <location filename="../../desktop/export_dialogs.py" line="52"/>
        <source>Excel report</source>
        <translation>Raport Excel</translation>
    </message>
    <message>
        <location filename="../../desktop/export_dialogs.py" line="54"/>
        <source>&amp;Write report</source>
        <translation>&amp;Zapisz raport</translation>
    </message>
    <message>
        <location filename="../../desktop/export_dialogs.py" line="57"/>
        <source>&amp;Sections</source>
        <translation>&amp;Sekcje</translation>
    </message>
    <message>
        <location filename="../../desktop/export_dialogs.py" line="58"/>
        <source>None ticked: every analysis result in the workspace.</source>
        <translation>Nic nie zaznaczono: wszystkie wyniki analiz z obszaru roboczego.</translation>
    </message>
    <message>
        <location filename="../../desktop/export_dialogs.py" line="70"/>
        <source>Analysis: {name}</source>
        <translation>Analiza: {name}</translation>
    </message>
    <message>
        <location filename="../../desktop/export_dialogs.py" line="74"/>
        <source>Include &amp;personal data</source>
        <translation>Dołącz &amp;dane osobowe</translation>
    </message>
    <message>
        <location filename="../../desktop/export_dialogs.py" line="76"/>
        <source>Keep reporters&apos; names, e-mails and phones, if the workspace kept them</source>
        <translation>Zachowaj imiona i nazwiska, adresy e-mail i telefony zgłaszających, jeśli obszar roboczy je przechowuje</translation>
    </message>
    <message>
        <location filename="../../desktop/export_dialogs.py" line="80"/>
        <source>from the data</source>
        <translation>z danych</translation>
    </message>
    <message>
        <location filename="../../desktop/export_dialogs.py" line="81"/>
        <source>&amp;City</source>
        <translation>&amp;Miasto</translation>
    </message>
    <message>
        <location filename="../../desktop/export_dialogs.py" line="82"/>
        <source>City &amp;map on the summary sheet</source>
        <translation>Mapa miasta na arkuszu p&amp;odsumowania</translation>
    </message>
    <message>
        <location filename="../../desktop/export_dialogs.py" line="100"/>
        <source>Drawing the city map…</source>
        <translation>Rysowanie mapy miasta…</translation>
    </message>
    <message>
        <location filename="../../desktop/export_dialogs.py" line="101"/>
        <source>Writing the sheets…</source>
        <translation>Zapisywanie arkuszy…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/export_dialogs.py" line="111"/>
        <source>%n sheet(s)</source>
        <translation>
            <numerusform>%n arkusz</numerusform>
            <numerusform>%n arkusze</numerusform>
            <numerusform>%n arkuszy</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/export_dialogs.py" line="113"/>
        <source>{rows:,} rows</source>
        <translation>wiersze: {rows:,}</translation>
    </message>
    <message>
        <location filename="../../desktop/export_dialogs.py" line="116"/>
        <source>personal columns left out: {columns}</source>
        <translation>pominięte kolumny z danymi osobowymi: {columns}</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../../desktop/export_base.py" line="71"/>
        <source>&amp;Browse…</source>
        <translation>Prze&amp;glądaj…</translation>
    </message>
    <message>
        <location filename="../../desktop/export_base.py" line="76"/>
        <source>Output file</source>
        <translation>Plik wynikowy</translation>
    </message>
    <message>
        <location filename="../../desktop/export_base.py" line="77"/>
        <source>O&amp;utput file</source>
        <translation>&amp;Plik wynikowy</translation>
    </message>
    <message>
        <location filename="../../desktop/export_base.py" line="81"/>
        <source>Choose the options and the file to write.</source>
        <translation>Wybierz opcje i plik do zapisu.</translation>
    </message>
    <message>
        <location filename="../../desktop/export_base.py" line="102"/>
        <source>&amp;Language</source>
        <translation>&amp;Język</translation>
    </message>
    <message>
        <location filename="../../desktop/export_base.py" line="107"/>
        <source>the workspace&apos;s name</source>
        <translation>nazwa obszaru roboczego</translation>
    </message>
    <message>
        <location filename="../../desktop/export_base.py" line="108"/>
        <source>&amp;Title</source>
        <translation>&amp;Tytuł</translation>
    </message>
    <message>
        <location filename="../../desktop/export_base.py" line="124"/>
        <source>La&amp;yers</source>
        <translation>&amp;Warstwy</translation>
    </message>
    <message>
        <location filename="../../desktop/export_base.py" line="125"/>
        <source>None ticked: the basemap and every thematic layer the workspace holds.</source>
        <translation>Nic nie zaznaczono: podkład mapowy i wszystkie warstwy tematyczne z obszaru roboczego.</translation>
    </message>
    <message>
        <location filename="../../desktop/export_base.py" line="143"/>
        <source>Choose the file to write.</source>
        <translation>Wybierz plik do zapisu.</translation>
    </message>
    <message>
        <location filename="../../desktop/export_base.py" line="149"/>
        <source>{path}: the file&apos;s name must end in {suffix}</source>
        <translation>{path}: nazwa pliku musi kończyć się na {suffix}</translation>
    </message>
    <message>
        <location filename="../../desktop/export_base.py" line="154"/>
        <source>{folder}: no such folder</source>
        <translation>{folder}: nie ma takiego folderu</translation>
    </message>
    <message>
        <location filename="../../desktop/export_base.py" line="169"/>
        <source>Write to</source>
        <translation>Zapisz do</translation>
    </message>
    <message>
        <location filename="../../desktop/export_base.py" line="171"/>
        <source>{suffix} files ({pattern})</source>
        <translation>Pliki {suffix} ({pattern})</translation>
    </message>
    <message>
        <location filename="../../desktop/export_base.py" line="181"/>
        <source>Wrote {path}</source>
        <translation>Zapisano {path}</translation>
    </message>
</context>
<context>
    <name>ImportWizard</name>
    <message>
        <location filename="../../desktop/import_wizard.py" line="64"/>
        <source>Import data</source>
        <translation>Import danych</translation>
    </message>
</context>
<context>
    <name>JobDialog</name>
    <message>
        <location filename="../../desktop/job_dialog.py" line="63"/>
        <source>Error</source>
        <translation>Błąd</translation>
    </message>
    <message>
        <location filename="../../desktop/job_dialog.py" line="67"/>
        <source>Progress</source>
        <translation>Postęp</translation>
    </message>
    <message>
        <location filename="../../desktop/job_dialog.py" line="72"/>
        <source>&amp;Run</source>
        <translation>&amp;Uruchom</translation>
    </message>
    <message>
        <location filename="../../desktop/job_dialog.py" line="74"/>
        <source>&amp;Cancel run</source>
        <translation>&amp;Anuluj</translation>
    </message>
    <message>
        <location filename="../../desktop/job_dialog.py" line="75"/>
        <source>Stop the work (Esc)</source>
        <translation>Przerwij pracę (Esc)</translation>
    </message>
    <message>
        <location filename="../../desktop/job_dialog.py" line="77"/>
        <source>Close</source>
        <translation>Zamknij</translation>
    </message>
    <message>
        <location filename="../../desktop/job_dialog.py" line="125"/>
        <source>Running…</source>
        <translation>W toku…</translation>
    </message>
    <message>
        <location filename="../../desktop/job_dialog.py" line="134"/>
        <source>Cancelling…</source>
        <translation>Anulowanie…</translation>
    </message>
    <message>
        <location filename="../../desktop/job_dialog.py" line="180"/>
        <source>Failed; nothing was written.</source>
        <translation>Niepowodzenie; nic nie zostało zapisane.</translation>
    </message>
    <message>
        <location filename="../../desktop/job_dialog.py" line="186"/>
        <source>Cancelled; nothing was written.</source>
        <translation>Anulowano; nic nie zostało zapisane.</translation>
    </message>
</context>
<context>
    <name>KeyDialog</name>
    <message>
        <location filename="../../desktop/pseudonym_key.py" line="45"/>
        <source>Pseudonym key</source>
        <translation>Klucz pseudonimów</translation>
    </message>
    <message>
        <location filename="../../desktop/pseudonym_key.py" line="48"/>
        <source>Athletes in the tracks of {name} get pseudonyms keyed by the key {id}. The key stays on this computer, never in the workspace: whoever had both could find the activities of people they can name.</source>
        <translation>Sportowcy w śladach z {name} dostają pseudonimy tworzone kluczem {id}. Klucz zostaje na tym komputerze, nigdy w obszarze roboczym: kto miałby jedno i drugie, mógłby znaleźć aktywności osób, które potrafi wymienić z nazwiska.</translation>
    </message>
    <message>
        <location filename="../../desktop/pseudonym_key.py" line="57"/>
        <source>Back it up: export it to a file and keep that file safe, apart from the workspace (on the city&apos;s backup drive, say). Without the key, tracks imported later get new pseudonyms, and the same people are counted twice. On another computer, import the file here.</source>
        <translation>Zrób kopię zapasową: wyeksportuj klucz do pliku i przechowuj ten plik bezpiecznie, osobno od obszaru roboczego (np. na dysku kopii zapasowych urzędu). Bez klucza ślady importowane później dostaną nowe pseudonimy, a te same osoby zostaną policzone dwa razy. Na innym komputerze zaimportuj ten plik tutaj.</translation>
    </message>
    <message>
        <location filename="../../desktop/pseudonym_key.py" line="67"/>
        <source>&amp;Export key…</source>
        <translation>&amp;Eksportuj klucz…</translation>
    </message>
    <message>
        <location filename="../../desktop/pseudonym_key.py" line="68"/>
        <source>&amp;Import key file…</source>
        <translation>&amp;Importuj plik klucza…</translation>
    </message>
    <message>
        <location filename="../../desktop/pseudonym_key.py" line="84"/>
        <source>This computer has the key: {path}</source>
        <translation>Ten komputer ma klucz: {path}</translation>
    </message>
    <message>
        <location filename="../../desktop/pseudonym_key.py" line="89"/>
        <source>This computer does not have the key (it is not in {folder}): tracks imported now would get new pseudonyms. Import the key file exported on the computer that imported the tracks.</source>
        <translation>Ten komputer nie ma klucza (nie ma go w {folder}): ślady zaimportowane teraz dostałyby nowe pseudonimy. Zaimportuj plik klucza wyeksportowany na komputerze, który importował ślady.</translation>
    </message>
    <message>
        <location filename="../../desktop/pseudonym_key.py" line="103"/>
        <source>Export pseudonym key</source>
        <translation>Eksport klucza pseudonimów</translation>
    </message>
    <message>
        <location filename="../../desktop/pseudonym_key.py" line="105"/>
        <source>Key files (*.key)</source>
        <translation>Pliki kluczy (*.key)</translation>
    </message>
    <message>
        <location filename="../../desktop/pseudonym_key.py" line="116"/>
        <source>Wrote the key to {path}: keep it secret.</source>
        <translation>Zapisano klucz do {path}: trzymaj go w tajemnicy.</translation>
    </message>
    <message>
        <location filename="../../desktop/pseudonym_key.py" line="125"/>
        <source>Import pseudonym key</source>
        <translation>Import klucza pseudonimów</translation>
    </message>
    <message>
        <location filename="../../desktop/pseudonym_key.py" line="127"/>
        <source>Key files (*.key);;All files (*)</source>
        <translation>Pliki kluczy (*.key);;Wszystkie pliki (*)</translation>
    </message>
    <message>
        <location filename="../../desktop/pseudonym_key.py" line="141"/>
        <source>{path} holds the key {got}, not this workspace&apos;s key {id}: it was stored, but this workspace still lacks its key.</source>
        <translation>{path} zawiera klucz {got}, a nie klucz tego obszaru roboczego {id}: zapisano go, ale temu obszarowi roboczemu wciąż brakuje jego klucza.</translation>
    </message>
    <message>
        <location filename="../../desktop/pseudonym_key.py" line="146"/>
        <source>This computer has the key now.</source>
        <translation>Ten komputer ma już klucz.</translation>
    </message>
</context>
<context>
    <name>LayerChoice</name>
    <message>
        <location filename="../../desktop/layer_choice.py" line="18"/>
        <source>Cycling usage</source>
        <translation>Ruch rowerowy</translation>
    </message>
    <message>
        <location filename="../../desktop/layer_choice.py" line="19"/>
        <source>Streets</source>
        <translation>Ulice</translation>
    </message>
    <message>
        <location filename="../../desktop/layer_choice.py" line="20"/>
        <source>Cycleways</source>
        <translation>Drogi rowerowe</translation>
    </message>
    <message>
        <location filename="../../desktop/layer_choice.py" line="21"/>
        <source>Bike racks</source>
        <translation>Stojaki rowerowe</translation>
    </message>
    <message>
        <location filename="../../desktop/layer_choice.py" line="22"/>
        <source>Activity tracks</source>
        <translation>Ślady aktywności</translation>
    </message>
    <message>
        <location filename="../../desktop/layer_choice.py" line="23"/>
        <source>Citizen reports</source>
        <translation>Zgłoszenia mieszkańców</translation>
    </message>
    <message>
        <location filename="../../desktop/layer_choice.py" line="24"/>
        <source>Schools</source>
        <translation>Szkoły</translation>
    </message>
    <message>
        <location filename="../../desktop/layer_choice.py" line="25"/>
        <source>Public transport stops</source>
        <translation>Przystanki komunikacji miejskiej</translation>
    </message>
    <message>
        <location filename="../../desktop/layer_choice.py" line="26"/>
        <source>Shops and markets</source>
        <translation>Sklepy i targowiska</translation>
    </message>
    <message>
        <location filename="../../desktop/layer_choice.py" line="27"/>
        <source>Parks</source>
        <translation>Parki</translation>
    </message>
    <message>
        <location filename="../../desktop/layer_choice.py" line="28"/>
        <source>Districts</source>
        <translation>Dzielnice</translation>
    </message>
    <message>
        <location filename="../../desktop/layer_choice.py" line="86"/>
        <source>The workspace has no layer for: {slots}. Import one first.</source>
        <translation>W obszarze roboczym nie ma warstwy: {slots}. Najpierw ją zaimportuj.</translation>
    </message>
    <message>
        <location filename="../../desktop/layer_choice.py" line="118"/>
        <source>(no suitable layer)</source>
        <translation>(brak odpowiedniej warstwy)</translation>
    </message>
    <message>
        <location filename="../../desktop/layer_choice.py" line="133"/>
        <source>Not used while a layer of {other} is chosen</source>
        <translation>Nieużywana, gdy wybrano warstwę: {other}</translation>
    </message>
    <message>
        <location filename="../../desktop/layer_choice.py" line="140"/>
        <source>(count now from the tracks)</source>
        <translation>(policz teraz ze śladów)</translation>
    </message>
    <message>
        <location filename="../../desktop/layer_choice.py" line="141"/>
        <source>(none)</source>
        <translation>(brak)</translation>
    </message>
</context>
<context>
    <name>LayerPanel</name>
    <message>
        <location filename="../../desktop/layer_panel.py" line="44"/>
        <source>Layers</source>
        <translation>Warstwy</translation>
    </message>
    <message>
        <location filename="../../desktop/layer_panel.py" line="49"/>
        <source>Map layers</source>
        <translation>Warstwy mapy</translation>
    </message>
    <message>
        <location filename="../../desktop/layer_panel.py" line="55"/>
        <source>Up</source>
        <translation>W górę</translation>
    </message>
    <message>
        <location filename="../../desktop/layer_panel.py" line="55"/>
        <source>Draw the layer higher (Ctrl+Up)</source>
        <translation>Przesuń warstwę wyżej (Ctrl+Up)</translation>
    </message>
    <message>
        <location filename="../../desktop/layer_panel.py" line="57"/>
        <source>Down</source>
        <translation>W dół</translation>
    </message>
    <message>
        <location filename="../../desktop/layer_panel.py" line="57"/>
        <source>Draw the layer lower (Ctrl+Down)</source>
        <translation>Przesuń warstwę niżej (Ctrl+Down)</translation>
    </message>
    <message>
        <location filename="../../desktop/layer_panel.py" line="59"/>
        <source>Zoom to</source>
        <translation>Przybliż do warstwy</translation>
    </message>
    <message>
        <location filename="../../desktop/layer_panel.py" line="59"/>
        <source>Show all of the layer</source>
        <translation>Pokaż całą warstwę</translation>
    </message>
    <message>
        <location filename="../../desktop/layer_panel.py" line="65"/>
        <source>Opacity</source>
        <translation>Krycie</translation>
    </message>
    <message>
        <location filename="../../desktop/layer_panel.py" line="67"/>
        <source>Colour…</source>
        <translation>Kolor…</translation>
    </message>
    <message>
        <location filename="../../desktop/layer_panel.py" line="67"/>
        <source>Choose the layer&apos;s colour</source>
        <translation>Wybierz kolor warstwy</translation>
    </message>
    <message>
        <location filename="../../desktop/layer_panel.py" line="69"/>
        <source>Line width</source>
        <translation>Grubość linii</translation>
    </message>
    <message>
        <location filename="../../desktop/layer_panel.py" line="70"/>
        <source>Point size</source>
        <translation>Rozmiar punktu</translation>
    </message>
    <message>
        <location filename="../../desktop/layer_panel.py" line="90"/>
        <source> px</source>
        <translation> px</translation>
    </message>
    <message>
        <location filename="../../desktop/layer_panel.py" line="100"/>
        <source>&amp;Opacity</source>
        <translation>&amp;Krycie</translation>
    </message>
    <message>
        <location filename="../../desktop/layer_panel.py" line="101"/>
        <source>Colour</source>
        <translation>Kolor</translation>
    </message>
    <message>
        <location filename="../../desktop/layer_panel.py" line="102"/>
        <source>Line &amp;width</source>
        <translation>&amp;Grubość linii</translation>
    </message>
    <message>
        <location filename="../../desktop/layer_panel.py" line="103"/>
        <source>Point &amp;size</source>
        <translation>&amp;Rozmiar punktu</translation>
    </message>
    <message>
        <location filename="../../desktop/layer_panel.py" line="104"/>
        <source>L&amp;egend</source>
        <translation>L&amp;egenda</translation>
    </message>
    <message>
        <location filename="../../desktop/layer_panel.py" line="215"/>
        <source>Layer colour</source>
        <translation>Kolor warstwy</translation>
    </message>
</context>
<context>
    <name>LegendList</name>
    <message>
        <location filename="../../desktop/legend.py" line="44"/>
        <source>Legend</source>
        <translation>Legenda</translation>
    </message>
    <message>
        <location filename="../../desktop/legend.py" line="59"/>
        <source>Legend of {layer}</source>
        <translation>Legenda warstwy {layer}</translation>
    </message>
    <message>
        <location filename="../../desktop/legend.py" line="76"/>
        <source>colour {colour}</source>
        <translation>kolor {colour}</translation>
    </message>
    <message>
        <location filename="../../desktop/legend.py" line="96"/>
        <source>Other</source>
        <translation>Inne</translation>
    </message>
    <message>
        <location filename="../../desktop/legend.py" line="110"/>
        <source>From the lowest to the highest value shown</source>
        <translation>Od najmniejszej do największej pokazanej wartości</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../desktop/main_window.py" line="70"/>
        <source>Map</source>
        <translation>Mapa</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="79"/>
        <source>Catalogue</source>
        <translation>Katalog</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="82"/>
        <source>Attribute</source>
        <translation>Atrybut</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="82"/>
        <source>Value</source>
        <translation>Wartość</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="85"/>
        <source>Feature</source>
        <translation>Obiekt</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="100"/>
        <source>Datasets of the workspace</source>
        <translation>Zbiory danych obszaru roboczego</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="136"/>
        <source>Coordinates under the mouse</source>
        <translation>Współrzędne pod kursorem</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="137"/>
        <source>⚠ Pseudonym key not on this computer…</source>
        <translation>⚠ Brak klucza pseudonimów na tym komputerze…</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="160"/>
        <source>Open workspace</source>
        <translation>Otwórz obszar roboczy</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="160"/>
        <location filename="../../desktop/main_window.py" line="167"/>
        <location filename="../../desktop/main_window.py" line="188"/>
        <source>Urbanista workspaces (*.gpkg)</source>
        <translation>Obszary robocze Urbanisty (*.gpkg)</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="167"/>
        <source>New workspace</source>
        <translation>Nowy obszar roboczy</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="176"/>
        <source>Cannot create workspace</source>
        <translation>Nie można utworzyć obszaru roboczego</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="186"/>
        <source>Save workspace as</source>
        <translation>Zapisz obszar roboczy jako</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="195"/>
        <source>Cannot save workspace</source>
        <translation>Nie można zapisać obszaru roboczego</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="215"/>
        <source>Cannot open workspace</source>
        <translation>Nie można otworzyć obszaru roboczego</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="237"/>
        <source>Added: {names}</source>
        <translation>Dodano: {names}</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="256"/>
        <source>The pseudonym key {id} of this workspace is not on this computer: tracks imported now would get new pseudonyms, and the same people would be counted twice. Import the key file with File ▸ Pseudonym key…</source>
        <translation>Klucza pseudonimów {id} tego obszaru roboczego nie ma na tym komputerze: ślady zaimportowane teraz dostałyby nowe pseudonimy, a te same osoby zostałyby policzone dwa razy. Zaimportuj plik klucza: Plik ▸ Klucz pseudonimów…</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="297"/>
        <source>Add basemap tiles</source>
        <translation>Dodaj kafelki podkładu mapowego</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="299"/>
        <source>MBTiles (*.mbtiles);;All files (*)</source>
        <translation>MBTiles (*.mbtiles);;Wszystkie pliki (*)</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="310"/>
        <source>Cannot use these tiles</source>
        <translation>Nie można użyć tych kafelków</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="324"/>
        <source>Feature: {layer}</source>
        <translation>Obiekt: {layer}</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="347"/>
        <source>Cannot draw the map</source>
        <translation>Nie można narysować mapy</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="352"/>
        <source>No workspace open: File ▸ Open workspace…</source>
        <translation>Brak otwartego obszaru roboczego: Plik ▸ Otwórz obszar roboczy…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/main_window.py" line="357"/>
        <source>{path}  ·  {crs}  ·  %n dataset(s)</source>
        <translation>
            <numerusform>{path}  ·  {crs}  ·  %n zbiór danych</numerusform>
            <numerusform>{path}  ·  {crs}  ·  %n zbiory danych</numerusform>
            <numerusform>{path}  ·  {crs}  ·  %n zbiorów danych</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/menus.py" line="36"/>
        <source>&amp;Help</source>
        <translation>Pomo&amp;c</translation>
    </message>
    <message>
        <location filename="../../desktop/menus.py" line="37"/>
        <source>&amp;About Urbanista</source>
        <translation>&amp;O programie Urbanista</translation>
    </message>
    <message>
        <location filename="../../desktop/menus.py" line="58"/>
        <source>&amp;File</source>
        <translation>&amp;Plik</translation>
    </message>
    <message>
        <location filename="../../desktop/menus.py" line="62"/>
        <source>&amp;New workspace…</source>
        <translation>&amp;Nowy obszar roboczy…</translation>
    </message>
    <message>
        <location filename="../../desktop/menus.py" line="65"/>
        <source>Create an empty workspace (EPSG:2180)</source>
        <translation>Utwórz pusty obszar roboczy (EPSG:2180)</translation>
    </message>
    <message>
        <location filename="../../desktop/menus.py" line="70"/>
        <source>&amp;Open workspace…</source>
        <translation>&amp;Otwórz obszar roboczy…</translation>
    </message>
    <message>
        <location filename="../../desktop/menus.py" line="73"/>
        <source>Open an Urbanista workspace (.gpkg)</source>
        <translation>Otwórz obszar roboczy Urbanisty (.gpkg)</translation>
    </message>
    <message>
        <location filename="../../desktop/menus.py" line="75"/>
        <source>Open &amp;recent</source>
        <translation>Ostatnio &amp;używane</translation>
    </message>
    <message>
        <location filename="../../desktop/menus.py" line="80"/>
        <source>Save workspace &amp;as…</source>
        <translation>Zapisz obszar roboczy &amp;jako…</translation>
    </message>
    <message>
        <location filename="../../desktop/menus.py" line="87"/>
        <source>Pseudonym &amp;key…</source>
        <translation>&amp;Klucz pseudonimów…</translation>
    </message>
    <message>
        <location filename="../../desktop/menus.py" line="89"/>
        <source>The key of the athletes&apos; pseudonyms: back it up, import it</source>
        <translation>Klucz pseudonimów sportowców: kopia zapasowa, import</translation>
    </message>
    <message>
        <location filename="../../desktop/menus.py" line="95"/>
        <source>&amp;Import data…</source>
        <translation>&amp;Importuj dane…</translation>
    </message>
    <message>
        <location filename="../../desktop/menus.py" line="98"/>
        <source>Import reports, tracks, datasets or rasters</source>
        <translation>Importuj zgłoszenia, ślady GPS, zbiory danych lub rastry</translation>
    </message>
    <message>
        <location filename="../../desktop/menus.py" line="102"/>
        <source>&amp;Quit</source>
        <translation>Za&amp;kończ</translation>
    </message>
    <message>
        <location filename="../../desktop/menus.py" line="113"/>
        <source>(none yet)</source>
        <translation>(jeszcze brak)</translation>
    </message>
    <message>
        <location filename="../../desktop/menus.py" line="119"/>
        <source>&amp;Map</source>
        <translation>&amp;Mapa</translation>
    </message>
    <message>
        <location filename="../../desktop/menus.py" line="121"/>
        <source>&amp;Full extent</source>
        <translation>&amp;Pełny zasięg</translation>
    </message>
    <message>
        <location filename="../../desktop/menus.py" line="124"/>
        <source>Zoom &amp;in</source>
        <translation>P&amp;rzybliż</translation>
    </message>
    <message>
        <location filename="../../desktop/menus.py" line="129"/>
        <source>Zoom &amp;out</source>
        <translation>O&amp;ddal</translation>
    </message>
    <message>
        <location filename="../../desktop/menus.py" line="136"/>
        <source>&amp;Box zoom</source>
        <translation>Przybliż pr&amp;ostokątem</translation>
    </message>
    <message>
        <location filename="../../desktop/menus.py" line="139"/>
        <source>Drag a box to zoom to it (or Shift+drag at any time)</source>
        <translation>Zaznacz prostokąt myszą, aby przybliżyć ten obszar (w każdej chwili także Shift+przeciągnięcie)</translation>
    </message>
    <message>
        <location filename="../../desktop/menus.py" line="146"/>
        <source>&amp;Redraw</source>
        <translation>Odś&amp;wież</translation>
    </message>
    <message>
        <location filename="../../desktop/menus.py" line="154"/>
        <source>Add basemap &amp;tiles (MBTiles)…</source>
        <translation>Dodaj &amp;kafelki podkładu (MBTiles)…</translation>
    </message>
    <message>
        <location filename="../../desktop/menus.py" line="156"/>
        <source>Draw local tiles under the map: an .mbtiles file</source>
        <translation>Rysuj lokalne kafelki pod mapą: plik .mbtiles</translation>
    </message>
    <message>
        <location filename="../../desktop/menus.py" line="161"/>
        <source>Add basemap tiles (XYZ &amp;folder)…</source>
        <translation>Dodaj kafelki podkładu (&amp;folder XYZ)…</translation>
    </message>
    <message>
        <location filename="../../desktop/menus.py" line="169"/>
        <source>Folder of XYZ tiles ({z}/{x}/{y})</source>
        <translation>Folder kafelków XYZ ({z}/{x}/{y})</translation>
    </message>
    <message>
        <location filename="../../desktop/menus.py" line="180"/>
        <source>&amp;Analysis</source>
        <translation>&amp;Analiza</translation>
    </message>
    <message>
        <location filename="../../desktop/menus.py" line="211"/>
        <source>E&amp;xport</source>
        <translation>&amp;Eksport</translation>
    </message>
    <message>
        <location filename="../../desktop/menus.py" line="214"/>
        <source>&amp;Excel report…</source>
        <translation>&amp;Raport Excel…</translation>
    </message>
    <message>
        <location filename="../../desktop/menus.py" line="218"/>
        <source>&amp;HTML map…</source>
        <translation>Mapa &amp;HTML…</translation>
    </message>
    <message>
        <location filename="../../desktop/menus.py" line="220"/>
        <source>&amp;Print map (PNG, PDF)…</source>
        <translation>&amp;Drukuj mapę (PNG, PDF)…</translation>
    </message>
    <message>
        <location filename="../../desktop/menus.py" line="245"/>
        <source>Open or create a workspace first (File menu).</source>
        <translation>Najpierw otwórz lub utwórz obszar roboczy (menu Plik).</translation>
    </message>
    <message>
        <location filename="../../desktop/menus.py" line="252"/>
        <source>&amp;View</source>
        <translation>&amp;Widok</translation>
    </message>
    <message>
        <location filename="../../desktop/menus.py" line="261"/>
        <source>&amp;Language</source>
        <translation>&amp;Język</translation>
    </message>
    <message>
        <location filename="../../desktop/menus.py" line="272"/>
        <source>Large text, &amp;high contrast</source>
        <translation>Duży tekst, &amp;wysoki kontrast</translation>
    </message>
    <message>
        <location filename="../../desktop/menus.py" line="275"/>
        <source>For workshops: white on black, larger fonts</source>
        <translation>Na warsztaty: biały tekst na czarnym tle, większe czcionki</translation>
    </message>
    <message>
        <location filename="../../desktop/menus.py" line="293"/>
        <source>About Urbanista</source>
        <translation>O programie Urbanista</translation>
    </message>
    <message>
        <location filename="../../desktop/menus.py" line="294"/>
        <source>Urbanista {version}: offline GIS analyses for city halls.</source>
        <translation>Urbanista {version}: analizy GIS dla urzędów miast, działające bez dostępu do internetu.</translation>
    </message>
    <message>
        <location filename="../../desktop/app.py" line="69"/>
        <source>Restore the last session?</source>
        <translation>Przywrócić ostatnią sesję?</translation>
    </message>
    <message>
        <location filename="../../desktop/app.py" line="70"/>
        <source>Urbanista did not close properly last time. Reopen {workspace} as you left it? Everything saved to the workspace is there; only an operation that was still running is lost.</source>
        <translation>Urbanista nie został poprawnie zamknięty ostatnim razem. Otworzyć ponownie {workspace} w stanie, w jakim go zostawiono? Wszystko, co zapisano w obszarze roboczym, jest zachowane; utracona jest tylko operacja, która była wtedy w toku.</translation>
    </message>
</context>
<context>
    <name>MapCanvas</name>
    <message>
        <location filename="../../desktop/map/canvas.py" line="64"/>
        <source>Map</source>
        <translation>Mapa</translation>
    </message>
</context>
<context>
    <name>ParamHelp</name>
    <message>
        <location filename="../../desktop/param_help.py" line="88"/>
        <source>Reports that close are duplicates only if also created at most this many days apart.</source>
        <translation>Tak bliskie zgłoszenia są duplikatami tylko wtedy, gdy zostały też utworzone w odstępie najwyżej tylu dni.</translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="33"/>
        <source>A bare segment ridden by at least this many distinct users a day is a candidate.</source>
        <translation>Odcinek bez infrastruktury rowerowej, którym jeździ dziennie co najmniej tylu różnych użytkowników, jest kandydatem.</translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="34"/>
        <source>A segment with at least this share of its length covered has infrastructure.</source>
        <translation>Odcinek, którego co najmniej taka część długości jest pokryta drogą rowerową, uznaje się za wyposażony w infrastrukturę rowerową.</translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="35"/>
        <source>A street point within this distance of a cycleway is covered by it.</source>
        <translation>Punkt ulicy leżący nie dalej niż ta odległość od drogi rowerowej uznaje się za pokryty przez tę drogę.</translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="36"/>
        <source>Activity types whose km count as cycling for the CO2 estimate.</source>
        <translation>Rodzaje aktywności, których kilometry liczą się jako jazda rowerem przy szacowaniu CO2.</translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="37"/>
        <source>Activity types whose trip ends are demand; empty: every type.</source>
        <translation>Rodzaje aktywności, których początki i końce przejazdów tworzą popyt; puste pole: wszystkie rodzaje.</translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="38"/>
        <source>Also control the false discovery rate over the cells (Benjamini-Hochberg).</source>
        <translation>Dodatkowo kontroluj odsetek fałszywych odkryć (FDR) w całej siatce komórek (metoda Benjaminiego-Hochberga).</translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="39"/>
        <source>An end within this distance (along the cycleway) of a junction ends at it.</source>
        <translation>Koniec drogi rowerowej leżący nie dalej niż ta odległość od skrzyżowania (mierzona wzdłuż drogi rowerowej) uznaje się za kończący się na tym skrzyżowaniu.</translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="40"/>
        <source>CO2 a car emits per km (EEA new-car average 2019, 122.3 g/km, rounded down).</source>
        <translation>Emisja CO2 samochodu na km (średnia EEA dla nowych samochodów z 2019 r., 122,3 g/km, zaokrąglona w dół).</translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="41"/>
        <source>Candidate sites lie at most this far apart along each street, and at its ends.</source>
        <translation>Lokalizacje kandydujące leżą wzdłuż każdej ulicy w odstępach nie większych niż ta odległość, a także na jej końcach.</translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="42"/>
        <source>Cell size.</source>
        <translation>Rozmiar komórki.</translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="43"/>
        <source>Column of the districts layer holding the name (default: nazwa, name... whichever it has).</source>
        <translation>Kolumna warstwy dzielnic z nazwą dzielnicy (domyślnie: nazwa, name... ta, która występuje w warstwie).</translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="44"/>
        <source>Column of the reports naming their district, used without a districts layer (default: district, dzielnica... whichever they have).</source>
        <translation>Kolumna zgłoszeń z nazwą ich dzielnicy, używana, gdy nie ma warstwy dzielnic (domyślnie: district, dzielnica... ta, która występuje w zgłoszeniach).</translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="45"/>
        <source>Compare layers A and B; default: layers of the same role.</source>
        <translation>Porównaj warstwy A i B; domyślnie: warstwy o tej samej roli.</translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="46"/>
        <source>Components closer than this (and than by street) are joined by a straight gap link.</source>
        <translation>Fragmenty sieci położone bliżej siebie niż ta odległość (i bliżej niż wynosi droga między nimi ulicami) są łączone prostym łącznikiem – luką.</translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="47"/>
        <source>Components of the cycle network shorter than this are not joined by links.</source>
        <translation>Fragmenty sieci dróg rowerowych krótsze niż ta długość nie są łączone łącznikami.</translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="48"/>
        <source>Conditional permutations per cell for the Gi* p-values.</source>
        <translation>Liczba permutacji warunkowych na komórkę przy wyznaczaniu wartości p statystyki Gi*.</translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="49"/>
        <source>Coverage below this share is named as a reason for the differences.</source>
        <translation>Pokrycie mniejsze niż ten udział jest wskazywane jako przyczyna różnic.</translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="50"/>
        <source>Date the backlog is counted at (default: the latest date in the layer).</source>
        <translation>Dzień, na który liczone są zaległości (domyślnie: najpóźniejsza data w warstwie).</translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="51"/>
        <source>Days the tracks cover, to scale CO2 to a year; None: from the tracks&apos; start times.</source>
        <translation>Liczba dni objętych śladami GPS, do przeliczenia CO2 na cały rok; nie ustawiono: wyznaczana z czasów rozpoczęcia śladów.</translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="52"/>
        <source>Demand and racks farther than this from every street are reached by no stand.</source>
        <translation>Popyt i stojaki leżące dalej niż ta odległość od najbliższej ulicy nie są obsługiwane przez żaden stojak.</translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="53"/>
        <source>Demand of one citizen report of a missing rack.</source>
        <translation>Popyt z jednego zgłoszenia mieszkańca o brakującym stojaku.</translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="54"/>
        <source>Demand of one park (reached from its edge).</source>
        <translation>Popyt z jednego parku (dojście liczone od jego granicy).</translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="55"/>
        <source>Demand of one public transport stop (bike and ride).</source>
        <translation>Popyt z jednego przystanku komunikacji publicznej (bike and ride – dojazd rowerem do przystanku).</translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="56"/>
        <source>Demand of one school.</source>
        <translation>Popyt z jednej szkoły.</translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="57"/>
        <source>Demand of one shop or market.</source>
        <translation>Popyt z jednego sklepu lub targowiska.</translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="58"/>
        <source>Demand of one trip start or end.</source>
        <translation>Popyt z jednego początku lub końca przejazdu.</translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="59"/>
        <source>Ends farther than this from every junction are not checked against junctions.</source>
        <translation>Końce dróg rowerowych leżące dalej niż ta odległość od każdego skrzyżowania nie są sprawdzane pod kątem skrzyżowań.</translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="60"/>
        <source>Ends of pieces within this distance of another piece are connected to it.</source>
        <translation>Końce odcinków sieci leżące nie dalej niż ta odległość od innego odcinka są z nim łączone.</translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="61"/>
        <source>Exact method: stop after this long with the best solution and its proven gap.</source>
        <translation>Metoda dokładna: po tym czasie obliczenia kończą się najlepszym znalezionym rozwiązaniem wraz z udowodnioną odległością od optimum.</translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="62"/>
        <source>Fewest reports of a category to test it, and of a hotspot area to keep it.</source>
        <translation>Najmniejsza liczba zgłoszeń, przy której kategoria jest badana, a obszar gorących punktów zostaje zachowany.</translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="63"/>
        <source>Fine grid the tracks are rasterised on before hexagons are looked up.</source>
        <translation>Drobna siatka, na której ślady GPS są rasteryzowane przed przypisaniem do sześciokątów.</translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="64"/>
        <source>First day counted (local date), widened to the first day of its month.</source>
        <translation>Pierwszy liczony dzień (data lokalna), rozszerzany do pierwszego dnia jego miesiąca.</translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="65"/>
        <source>H3 resolution: 8 (about 0.74 km2 per hexagon) is Strava Metro&apos;s.</source>
        <translation>Rozdzielczość H3: 8 (ok. 0,74 km2 na sześciokąt) to rozdzielczość Strava Metro.</translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="66"/>
        <source>How the cycle network&apos;s pieces join, for components and quality checks.</source>
        <translation>Jak łączą się odcinki sieci dróg rowerowych – na potrzeby wyznaczania fragmentów sieci i kontroli jakości.</translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="67"/>
        <source>How tracks are matched to street segments.</source>
        <translation>Jak trasy są dopasowywane do odcinków ulic.</translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="68"/>
        <source>Inclusive, local dates, widened to whole months: the first and the last day of theirs.</source>
        <translation>Daty włącznie, w czasie lokalnym, rozszerzane do pełnych miesięcy: od pierwszego do ostatniego dnia.</translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="69"/>
        <source>Largest distance between two lines taken for the same way.</source>
        <translation>Największa odległość między dwiema liniami uznawanymi za tę samą drogę.</translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="70"/>
        <source>Largest distance between two points taken for the same feature.</source>
        <translation>Największa odległość między dwoma punktami uznawanymi za ten sam obiekt.</translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="71"/>
        <source>Largest distance from a track sample to the segment it is matched to.</source>
        <translation>Największa odległość punktu śladu GPS od odcinka, do którego zostaje dopasowany.</translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="72"/>
        <source>Largest distance of a junction to the side of a cycleway&apos;s end (cycleways run beside the street&apos;s centreline).</source>
        <translation>Największa odległość skrzyżowania w bok od końca drogi rowerowej (drogi rowerowe biegną obok osi ulicy).</translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="73"/>
        <source>Largest grid allowed (memory grows with cells x permutations).</source>
        <translation>Największa dopuszczalna siatka (zużycie pamięci rośnie z liczbą komórek x liczbą permutacji).</translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="74"/>
        <source>Largest walk along the streets between a stand and the demand it serves.</source>
        <translation>Najdłuższe dojście pieszo ulicami między stojakiem a obsługiwanym przez niego popytem.</translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="75"/>
        <source>Length of the observed period for per-day figures; None: first to last activity.</source>
        <translation>Długość okresu obserwacji, z której liczone są wartości dzienne; nie ustawiono: od pierwszej do ostatniej aktywności.</translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="76"/>
        <source>Lines mode: count distinct activities or distinct users per cell.</source>
        <translation>Tryb linii: w każdej komórce liczone są różne aktywności albo różni użytkownicy.</translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="77"/>
        <source>Longest street link proposed between two components.</source>
        <translation>Najdłuższy proponowany łącznik ulicami między dwoma fragmentami sieci.</translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="78"/>
        <source>MCLP: the number of new stands to place.</source>
        <translation>MCLP (maksymalizacja pokrycia): liczba nowych stojaków do rozmieszczenia.</translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="79"/>
        <source>Months of the year counted, 1-12, of any year.</source>
        <translation>Liczone miesiące roku, 1–12, z dowolnego roku.</translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="80"/>
        <source>Overlaps between districts smaller than this (digitising slivers) are accepted.</source>
        <translation>Nakładanie się dzielnic na powierzchni mniejszej niż ta (drobne błędy digitalizacji) jest dopuszczalne.</translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="81"/>
        <source>Part of a segment&apos;s length a track must run along to use it.</source>
        <translation>Część długości odcinka, wzdłuż której musi biec ślad, aby uznać, że odcinek został przejechany.</translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="82"/>
        <source>Points mode: kernel radius.</source>
        <translation>Tryb punktów: promień jądra (zasięg wygładzania wokół punktu).</translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="83"/>
        <source>Points mode: leave out points recorded while standing still.</source>
        <translation>Tryb punktów: pomiń punkty zarejestrowane podczas postoju.</translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="84"/>
        <source>Regular expression (case-insensitive) of report texts asking for it.</source>
        <translation>Wyrażenie regularne (bez rozróżniania wielkości liter) wskazujące treści zgłoszeń z prośbą o infrastrukturę rowerową.</translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="85"/>
        <source>Report categories asking for cycling infrastructure.</source>
        <translation>Kategorie zgłoszeń z prośbą o infrastrukturę rowerową.</translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="86"/>
        <source>Report statuses that are not open backlog; any other (or none) is backlog.</source>
        <translation>Statusy zgłoszeń, które nie są otwartymi zaległościami; każdy inny status (lub jego brak) oznacza zaległość.</translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="87"/>
        <source>Reports of one category at most this far apart may be duplicates.</source>
        <translation>Zgłoszenia tej samej kategorii oddalone od siebie najwyżej o tyle mogą być duplikatami.</translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="89"/>
        <source>Reports within this distance of a street segment count for the nearest one.</source>
        <translation>Zgłoszenia leżące nie dalej niż ta odległość od odcinka ulicy są przypisywane do najbliższego odcinka.</translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="90"/>
        <source>Seed of the permutations, so that a run can be repeated exactly.</source>
        <translation>Ziarno losowania permutacji, dzięki któremu obliczenia można dokładnie powtórzyć.</translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="91"/>
        <source>Set covering: the share of all demand to cover with the fewest stands, instead of placing a number of new stands.</source>
        <translation>Pokrycie zbioru: jaki odsetek całego popytu ma zostać pokryty najmniejszą liczbą stojaków, zamiast ustawiania zadanej liczby nowych stojaków.</translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="92"/>
        <source>Share of cycled km that replace a car trip (0-1).</source>
        <translation>Udział kilometrów przejechanych rowerem, które zastępują jazdę samochodem (0-1).</translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="93"/>
        <source>Side of the square grid cells for the hotspot test.</source>
        <translation>Bok kwadratowej komórki siatki w teście gorących punktów.</translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="94"/>
        <source>Significance level of a hot cell (one-sided permutation p-value below it).</source>
        <translation>Poziom istotności gorącej komórki (jednostronna permutacyjna wartość p musi być od niego mniejsza).</translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="95"/>
        <source>Strava Metro day parts, local time: morning, midday, evening, night.</source>
        <translation>Pory dnia Strava Metro, czas lokalny: rano, w południe, wieczorem, w nocy.</translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="96"/>
        <source>Street segment ends within this distance are one node.</source>
        <translation>Końce odcinków ulic leżące nie dalej niż ta odległość od siebie tworzą jeden węzeł.</translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="97"/>
        <source>Streets are sampled at this step to measure their covered share.</source>
        <translation>Ulice są próbkowane z tym krokiem, aby zmierzyć, jaka część ich długości jest pokryta.</translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="98"/>
        <source>The day ages are counted to; None: today (UTC).</source>
        <translation>Dzień, do którego liczony jest wiek danych; nie ustawiono: dzisiaj (UTC).</translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="99"/>
        <source>The districts&apos; field of residents (default: ludnosc, population, pop or liczba_mieszkancow, whichever they have).</source>
        <translation>Pole warstwy dzielnic z liczbą mieszkańców (domyślnie: ludnosc, population, pop albo liczba_mieszkancow, które z nich jest).</translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="100"/>
        <source>The reports&apos; category that asks for a rack.</source>
        <translation>Kategoria zgłoszeń z prośbą o stojak rowerowy.</translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="118"/>
        <source>lines: the activities whose tracks cross each cell; points: the density of their points.</source>
        <translation>linie: aktywności, których trasy przecinają komórkę; punkty: gęstość ich punktów.</translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="101"/>
        <source>The streets&apos; name column; None: the first of nazwa, name, ulica, street...</source>
        <translation>Kolumna z nazwami ulic; nie ustawiono: pierwsza z nazwa, name, ulica, street...</translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="102"/>
        <source>Time zone of the months.</source>
        <translation>Strefa czasowa, w której wyznaczane są miesiące.</translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="103"/>
        <source>Tracks are resampled at this step before matching.</source>
        <translation>Przed dopasowaniem ślady GPS są ponownie próbkowane z tym krokiem.</translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="104"/>
        <source>Uncovered demand is shown summed in square cells this wide, on multiples of it (display only: which trip ends are demand is decided in fixed 100 m cells).</source>
        <translation>Niepokryty popyt jest pokazywany jako suma w kwadratowych komórkach o tym boku, wyrównanych do jego wielokrotności (tylko prezentacja: o tym, które początki i końce tras są popytem, decydują stałe kratki 100 m).</translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="117"/>
        <source>k-anonymity: trip starts and ends count only in 100 m cells (and types) of this many people, and in a stand&apos;s or an uncovered cell&apos;s figures only if of this many.</source>
        <translation>k-anonimowość: początki i końce tras liczą się tylko w kratkach 100 m (i rodzajach), w których jest co najmniej tyle osób, a w liczbach stojaka lub niepokrytej komórki tylko wtedy, gdy pochodzą od co najmniej tylu osób.</translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="106"/>
        <source>Weight of the connectivity term (share of length on links) in the score.</source>
        <translation>Waga składnika spójności sieci (udział długości przypadający na łączniki) w ocenie.</translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="105"/>
        <source>Weekdays, weekends, or all days.</source>
        <translation>Dni robocze, weekendy albo wszystkie dni.</translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="107"/>
        <source>Weight of the demand term (user-km a day) in the score.</source>
        <translation>Waga składnika popytu (użytkownikokilometry dziennie) w ocenie.</translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="108"/>
        <source>Weight of the reports term in the score.</source>
        <translation>Waga składnika zgłoszeń w ocenie.</translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="109"/>
        <source>Which H3 grid the activities are counted on.</source>
        <translation>Na jakiej siatce H3 liczone są aktywności.</translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="110"/>
        <source>Which activities count.</source>
        <translation>Które aktywności są liczone.</translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="111"/>
        <source>cycling, running, inline_skating, nordic_walking, walking, other.</source>
        <translation>cycling, running, inline_skating, nordic_walking, walking, other (jazda na rowerze, bieganie, jazda na rolkach, nordic walking, spacer, inne).</translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="112"/>
        <source>exact: the integer programme (HiGHS), greedy shown beside it; greedy: greedy only.</source>
        <translation>dokładna: programowanie całkowitoliczbowe (HiGHS), z wynikiem metody zachłannej obok; zachłanna: tylko metoda zachłanna.</translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="113"/>
        <source>k-anonymity: a cell counts only release groups of this many people there (0 disables).</source>
        <translation>k-anonimowość: komórka liczy tylko grupy publikacji, które mają w niej co najmniej tyle osób (0 wyłącza).</translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="114"/>
        <source>k-anonymity: a district counts activities of a type only if this many people have some.</source>
        <translation>k-anonimowość: dzielnica liczy aktywności danego rodzaju tylko wtedy, gdy ma je co najmniej tyle osób.</translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="115"/>
        <source>k-anonymity: counts reflecting fewer distinct users are withheld (0 disables).</source>
        <translation>k-anonimowość: liczby oparte na danych od mniejszej liczby różnych użytkowników są ukrywane (0 wyłącza).</translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="116"/>
        <source>k-anonymity: hexagons reflecting fewer distinct users are left out (0 keeps all).</source>
        <translation>k-anonimowość: sześciokąty z danymi od mniejszej liczby różnych użytkowników są pomijane (0 zachowuje wszystkie).</translation>
    </message>
</context>
<context>
    <name>ParamsForm</name>
    <message>
        <location filename="../../desktop/param_labels.py" line="17"/>
        <source>Mode</source>
        <translation>Tryb</translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="18"/>
        <source>Count</source>
        <translation>Liczba</translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="19"/>
        <source>Cell size</source>
        <translation>Rozmiar komórki</translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="20"/>
        <source>Kernel radius</source>
        <translation>Promień jądra</translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="21"/>
        <source>Fewest distinct users shown</source>
        <translation>Minimalna liczba różnych użytkowników</translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="22"/>
        <source>Activities</source>
        <translation>Aktywności</translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="23"/>
        <source>Leave out standing still</source>
        <translation>Pomiń postoje</translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="24"/>
        <location filename="../../desktop/param_labels.py" line="62"/>
        <source>Activity types</source>
        <translation>Rodzaje aktywności</translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="25"/>
        <source>From</source>
        <translation>Od</translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="26"/>
        <source>To</source>
        <translation>Do</translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="27"/>
        <source>Days</source>
        <translation>Dni</translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="28"/>
        <source>Parts of the day</source>
        <translation>Pory dnia</translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="29"/>
        <source>Months</source>
        <translation>Miesiące</translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="31"/>
        <source>Street segments</source>
        <translation>Odcinki ulic</translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="32"/>
        <source>H3 hexagons</source>
        <translation>Sześciokąty H3</translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="33"/>
        <source>Matching tolerance</source>
        <translation>Tolerancja dopasowania</translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="34"/>
        <source>Sampling step</source>
        <translation>Krok próbkowania</translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="35"/>
        <source>Share of the segment ridden</source>
        <translation>Przejechana część odcinka</translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="36"/>
        <source>H3 resolution</source>
        <translation>Rozdzielczość H3</translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="38"/>
        <source>Distance to a cycleway</source>
        <translation>Odległość od drogi rowerowej</translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="39"/>
        <source>Covered share</source>
        <translation>Udział pokrycia</translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="40"/>
        <source>Users a day</source>
        <translation>Użytkowników dziennie</translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="41"/>
        <source>Report distance</source>
        <translation>Odległość uwzględniania zgłoszeń</translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="42"/>
        <source>Report categories</source>
        <translation>Kategorie zgłoszeń</translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="43"/>
        <source>Report text (regular expression)</source>
        <translation>Treść zgłoszenia (wyrażenie regularne)</translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="44"/>
        <source>Shortest component joined</source>
        <translation>Najkrótszy dołączany fragment sieci</translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="45"/>
        <source>Longest link</source>
        <translation>Najdłuższy łącznik</translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="46"/>
        <source>Longest straight gap</source>
        <translation>Najdłuższa prosta luka</translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="47"/>
        <source>Demand weight</source>
        <translation>Waga popytu</translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="48"/>
        <source>Reports weight</source>
        <translation>Waga zgłoszeń</translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="49"/>
        <source>Connectivity weight</source>
        <translation>Waga spójności sieci</translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="50"/>
        <source>Street name column</source>
        <translation>Kolumna z nazwą ulicy</translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="51"/>
        <source>Cycle network</source>
        <translation>Sieć dróg rowerowych</translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="52"/>
        <source>Node tolerance</source>
        <translation>Tolerancja węzłów</translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="53"/>
        <source>Lateral tolerance</source>
        <translation>Tolerancja boczna</translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="54"/>
        <source>Junction tolerance</source>
        <translation>Tolerancja skrzyżowań</translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="55"/>
        <source>Junction search</source>
        <translation>Promień szukania skrzyżowań</translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="57"/>
        <source>New stands</source>
        <translation>Nowe stojaki rowerowe</translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="58"/>
        <source>Or: demand to cover</source>
        <translation>Lub: popyt do pokrycia</translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="59"/>
        <source>Walking distance</source>
        <translation>Odległość dojścia pieszo</translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="60"/>
        <source>Candidate spacing</source>
        <translation>Odstęp lokalizacji kandydujących</translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="61"/>
        <source>Snapping distance</source>
        <translation>Odległość przyciągania</translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="63"/>
        <source>Trip end weight</source>
        <translation>Waga końców przejazdów</translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="64"/>
        <source>Report weight</source>
        <translation>Waga zgłoszeń</translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="65"/>
        <source>Report category</source>
        <translation>Kategoria zgłoszeń</translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="66"/>
        <source>School weight</source>
        <translation>Waga szkół</translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="67"/>
        <source>Stop weight</source>
        <translation>Waga przystanków</translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="68"/>
        <source>Shop weight</source>
        <translation>Waga sklepów</translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="69"/>
        <source>Park weight</source>
        <translation>Waga parków</translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="70"/>
        <source>Method</source>
        <translation>Metoda</translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="71"/>
        <source>Time limit</source>
        <translation>Limit czasu</translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="72"/>
        <source>Uncovered demand cell</source>
        <translation>Komórka niepokrytego popytu</translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="74"/>
        <source>Hotspot cell</source>
        <translation>Komórka gorących punktów</translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="75"/>
        <source>Significance level</source>
        <translation>Poziom istotności</translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="76"/>
        <source>Permutations</source>
        <translation>Permutacje</translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="77"/>
        <source>Seed</source>
        <translation>Ziarno losowania</translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="78"/>
        <source>Control the false discovery rate</source>
        <translation>Kontroluj odsetek fałszywych odkryć (FDR)</translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="79"/>
        <source>Fewest reports</source>
        <translation>Minimalna liczba zgłoszeń</translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="80"/>
        <source>Most grid cells</source>
        <translation>Maksymalna liczba komórek siatki</translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="81"/>
        <source>Duplicates: distance</source>
        <translation>Duplikaty: odległość</translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="82"/>
        <source>Duplicates: time apart</source>
        <translation>Duplikaty: odstęp w czasie</translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="83"/>
        <source>District name field</source>
        <translation>Pole z nazwą dzielnicy</translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="84"/>
        <source>Reports&apos; district column</source>
        <translation>Kolumna dzielnicy w zgłoszeniach</translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="85"/>
        <source>Backlog as of</source>
        <translation>Zaległości na dzień</translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="86"/>
        <source>Time zone</source>
        <translation>Strefa czasowa</translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="88"/>
        <source>Population field</source>
        <translation>Pole z liczbą ludności</translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="89"/>
        <source>Share replacing a car</source>
        <translation>Odsetek przejazdów zastępujących samochód</translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="90"/>
        <source>Car CO2</source>
        <translation>Emisja CO2 samochodu</translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="91"/>
        <source>Cycling types</source>
        <translation>Rodzaje aktywności rowerowych</translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="92"/>
        <source>Days observed</source>
        <translation>Liczba dni obserwacji</translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="93"/>
        <source>Closed statuses</source>
        <translation>Statusy oznaczające zamknięcie</translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="94"/>
        <source>Accepted overlap</source>
        <translation>Dopuszczalne nakładanie się</translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="96"/>
        <source>Point tolerance</source>
        <translation>Tolerancja punktów</translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="97"/>
        <source>Line buffer</source>
        <translation>Bufor linii</translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="98"/>
        <source>Least coverage</source>
        <translation>Minimalne pokrycie</translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="99"/>
        <source>Ages counted to</source>
        <translation>Wiek liczony na dzień</translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="110"/>
        <source>lines</source>
        <translation>linie</translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="111"/>
        <source>points</source>
        <translation>punkty</translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="112"/>
        <source>activities</source>
        <translation>aktywności</translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="113"/>
        <source>users</source>
        <translation>użytkowników</translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="114"/>
        <source>all</source>
        <translation>wszystkie</translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="115"/>
        <source>weekday</source>
        <translation>dni robocze</translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="116"/>
        <source>weekend</source>
        <translation>weekendy</translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="117"/>
        <source>exact</source>
        <translation>dokładna</translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="118"/>
        <source>greedy</source>
        <translation>zachłanna</translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="120"/>
        <source>cycling</source>
        <translation>jazda na rowerze</translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="121"/>
        <source>running</source>
        <translation>bieganie</translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="122"/>
        <source>inline skating</source>
        <translation>jazda na rolkach</translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="123"/>
        <source>Nordic walking</source>
        <translation>nordic walking</translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="124"/>
        <source>walking</source>
        <translation>spacer</translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="125"/>
        <source>other</source>
        <translation>inne</translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="126"/>
        <source>morning</source>
        <translation>rano</translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="127"/>
        <source>midday</source>
        <translation>w południe</translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="128"/>
        <source>evening</source>
        <translation>wieczorem</translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="129"/>
        <source>night</source>
        <translation>w nocy</translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="130"/>
        <source>open</source>
        <translation>otwarte</translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="131"/>
        <source>in progress</source>
        <translation>w realizacji</translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="132"/>
        <source>closed</source>
        <translation>zamknięte</translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="133"/>
        <source>rejected</source>
        <translation>odrzucone</translation>
    </message>
    <message>
        <location filename="../../desktop/params_form.py" line="101"/>
        <source> %</source>
        <translation> %</translation>
    </message>
    <message>
        <location filename="../../desktop/params_form.py" line="103"/>
        <source> m²</source>
        <translation> m²</translation>
    </message>
    <message>
        <location filename="../../desktop/params_form.py" line="105"/>
        <source> m</source>
        <translation> m</translation>
    </message>
    <message>
        <location filename="../../desktop/params_form.py" line="107"/>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <location filename="../../desktop/params_form.py" line="109"/>
        <source> days</source>
        <translation> dni</translation>
    </message>
    <message>
        <location filename="../../desktop/params_form.py" line="111"/>
        <source> g/km</source>
        <translation> g/km</translation>
    </message>
    <message>
        <location filename="../../desktop/params_form.py" line="313"/>
        <location filename="../../desktop/params_form.py" line="343"/>
        <source>not set</source>
        <translation>nie ustawiono</translation>
    </message>
    <message>
        <location filename="../../desktop/params_form.py" line="365"/>
        <source>automatic</source>
        <translation>automatycznie</translation>
    </message>
    <message>
        <location filename="../../desktop/params_form.py" line="375"/>
        <source>comma-separated</source>
        <translation>oddzielone przecinkami</translation>
    </message>
</context>
<context>
    <name>PrintMapDialog</name>
    <message>
        <location filename="../../desktop/export_dialogs.py" line="207"/>
        <source>Print map</source>
        <translation>Wydruk mapy</translation>
    </message>
    <message>
        <location filename="../../desktop/export_dialogs.py" line="209"/>
        <source>&amp;Print to file</source>
        <translation>&amp;Zapisz do pliku</translation>
    </message>
    <message>
        <location filename="../../desktop/export_dialogs.py" line="211"/>
        <source>&amp;Format</source>
        <translation>&amp;Format</translation>
    </message>
    <message>
        <location filename="../../desktop/export_dialogs.py" line="211"/>
        <source>PNG image</source>
        <translation>Obraz PNG</translation>
    </message>
    <message>
        <location filename="../../desktop/export_dialogs.py" line="211"/>
        <source>PDF document</source>
        <translation>Dokument PDF</translation>
    </message>
    <message>
        <location filename="../../desktop/export_dialogs.py" line="214"/>
        <source>P&amp;aper</source>
        <translation>Papi&amp;er</translation>
    </message>
    <message>
        <location filename="../../desktop/export_dialogs.py" line="216"/>
        <source>&amp;Orientation</source>
        <translation>&amp;Orientacja</translation>
    </message>
    <message>
        <location filename="../../desktop/export_dialogs.py" line="217"/>
        <source>Landscape</source>
        <translation>Pozioma</translation>
    </message>
    <message>
        <location filename="../../desktop/export_dialogs.py" line="217"/>
        <source>Portrait</source>
        <translation>Pionowa</translation>
    </message>
    <message>
        <location filename="../../desktop/export_dialogs.py" line="222"/>
        <source> dpi</source>
        <translation> dpi</translation>
    </message>
    <message>
        <location filename="../../desktop/export_dialogs.py" line="223"/>
        <source>Resolution of a PNG; a PDF keeps its lines as vectors</source>
        <translation>Rozdzielczość obrazu PNG; PDF zachowuje linie jako wektory</translation>
    </message>
    <message>
        <location filename="../../desktop/export_dialogs.py" line="224"/>
        <source>&amp;Resolution</source>
        <translation>&amp;Rozdzielczość</translation>
    </message>
    <message>
        <location filename="../../desktop/export_dialogs.py" line="247"/>
        <source>Drawing the map…</source>
        <translation>Rysowanie mapy…</translation>
    </message>
</context>
<context>
    <name>RepairDialog</name>
    <message>
        <location filename="../../desktop/workspace_repair.py" line="42"/>
        <source>Cannot open workspace</source>
        <translation>Nie można otworzyć obszaru roboczego</translation>
    </message>
    <message>
        <location filename="../../desktop/workspace_repair.py" line="45"/>
        <source>Error</source>
        <translation>Błąd</translation>
    </message>
    <message>
        <location filename="../../desktop/workspace_repair.py" line="48"/>
        <source>The workspace may be damaged. Check lists what is wrong with it; Repair rebuilds it into a new file from the layers it still holds, and leaves this file as it is.</source>
        <translation>Obszar roboczy może być uszkodzony. Sprawdzenie wymieni, co jest w nim nie tak; naprawa odbuduje go w nowym pliku z warstw, które jeszcze zawiera, a ten plik zostawi bez zmian.</translation>
    </message>
    <message>
        <location filename="../../desktop/workspace_repair.py" line="57"/>
        <source>Problems found</source>
        <translation>Znalezione problemy</translation>
    </message>
    <message>
        <location filename="../../desktop/workspace_repair.py" line="61"/>
        <source>&amp;Check</source>
        <translation>&amp;Sprawdź</translation>
    </message>
    <message>
        <location filename="../../desktop/workspace_repair.py" line="62"/>
        <source>&amp;Repair into a copy…</source>
        <translation>&amp;Napraw do kopii…</translation>
    </message>
    <message>
        <location filename="../../desktop/workspace_repair.py" line="78"/>
        <source>Checking {name}…</source>
        <translation>Sprawdzanie {name}…</translation>
    </message>
    <message>
        <location filename="../../desktop/workspace_repair.py" line="86"/>
        <source>{stem}_repaired</source>
        <translation>{stem}_naprawiony</translation>
    </message>
    <message>
        <location filename="../../desktop/workspace_repair.py" line="90"/>
        <source>Repair into a copy</source>
        <translation>Napraw do kopii</translation>
    </message>
    <message>
        <location filename="../../desktop/workspace_repair.py" line="92"/>
        <source>Urbanista workspaces (*.gpkg)</source>
        <translation>Obszary robocze Urbanisty (*.gpkg)</translation>
    </message>
    <message>
        <location filename="../../desktop/workspace_repair.py" line="97"/>
        <source>Repairing into {name}…</source>
        <translation>Naprawianie do {name}…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/workspace_repair.py" line="115"/>
        <source>%n problem(s) found.</source>
        <translation>
            <numerusform>Znaleziono %n problem.</numerusform>
            <numerusform>Znaleziono %n problemy.</numerusform>
            <numerusform>Znaleziono %n problemów.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/workspace_repair.py" line="117"/>
        <source>No problems found.</source>
        <translation>Nie znaleziono problemów.</translation>
    </message>
</context>
<context>
    <name>ReportsPage</name>
    <message>
        <location filename="../../desktop/import_pages.py" line="190"/>
        <source>Check the columns</source>
        <translation>Sprawdź kolumny</translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="193"/>
        <source>&amp;Import</source>
        <translation>&amp;Importuj</translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="201"/>
        <source>First rows of the file</source>
        <translation>Pierwsze wiersze pliku</translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="214"/>
        <source>CRS of the coordinates</source>
        <translation>Układ współrzędnych</translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="215"/>
        <source>Detect from the values</source>
        <translation>Rozpoznaj na podstawie wartości</translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="220"/>
        <source>Applies to X/Y columns and GeoJSON points; latitude and longitude are always read as WGS 84</source>
        <translation>Dotyczy kolumn X/Y i punktów GeoJSON; szerokość i długość geograficzna są zawsze odczytywane jako WGS 84</translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="225"/>
        <source>&amp;CRS:</source>
        <translation>&amp;Układ współrzędnych:</translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="236"/>
        <source>Which column holds the northing?</source>
        <translation>Która kolumna zawiera współrzędną północną?</translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="252"/>
        <source>Report &amp;number</source>
        <translation>&amp;Numer zgłoszenia</translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="253"/>
        <source>Ca&amp;tegory</source>
        <translation>&amp;Kategoria</translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="254"/>
        <source>Category code</source>
        <translation>Kod kategorii</translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="255"/>
        <source>&amp;Status</source>
        <translation>&amp;Status</translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="256"/>
        <source>Status notes</source>
        <translation>Uwagi do statusu</translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="257"/>
        <source>Cr&amp;eated</source>
        <translation>U&amp;tworzono</translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="258"/>
        <source>Closed</source>
        <translation>Zamknięto</translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="259"/>
        <source>Updated</source>
        <translation>Zaktualizowano</translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="260"/>
        <source>&amp;Description</source>
        <translation>&amp;Opis</translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="261"/>
        <source>&amp;Address</source>
        <translation>&amp;Adres</translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="262"/>
        <source>&amp;Latitude</source>
        <translation>Sze&amp;rokość geograficzna</translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="263"/>
        <source>L&amp;ongitude</source>
        <translation>&amp;Długość geograficzna</translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="264"/>
        <source>&amp;X</source>
        <translation>&amp;X</translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="265"/>
        <source>&amp;Y</source>
        <translation>&amp;Y</translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="279"/>
        <source>Reading the first rows…</source>
        <translation>Odczytywanie pierwszych wierszy…</translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="324"/>
        <source>no reports file (CSV, XLSX, JSON) among the paths</source>
        <translation>wśród wskazanych ścieżek nie ma pliku zgłoszeń (CSV, XLSX, JSON)</translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="328"/>
        <source>The first rows of {file}. Change a field&apos;s column if it was not found or is wrong.</source>
        <translation>Pierwsze wiersze pliku {file}. Zmień kolumnę pola, jeśli nie została znaleziona lub jest błędna.</translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="334"/>
        <source>(none)</source>
        <translation>(brak)</translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="365"/>
        <source>Cannot read {file}: {reason}
Importing rejects it and goes on with the other files.</source>
        <translation>Nie można odczytać pliku {file}: {reason}
Import odrzuci ten plik i będzie kontynuowany z pozostałymi.</translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="399"/>
        <source>{column}: the reports lie around {lat:.3f}°N {lon:.3f}°E</source>
        <translation>{column}: zgłoszenia leżą w okolicy {lat:.3f}°N {lon:.3f}°E</translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="412"/>
        <location filename="../../desktop/import_pages.py" line="419"/>
        <source>Problem: {reason}</source>
        <translation>Problem: {reason}</translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="415"/>
        <source>No coordinate columns: choose Latitude and Longitude, or X and Y. Without them the file is rejected.</source>
        <translation>Brak kolumn ze współrzędnymi: wybierz szerokość i długość geograficzną albo X i Y. Bez nich plik zostanie odrzucony.</translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="422"/>
        <source>northing/latitude first</source>
        <translation>najpierw współrzędna północna/szerokość</translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="424"/>
        <source>easting/longitude first</source>
        <translation>najpierw współrzędna wschodnia/długość</translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="427"/>
        <source>Coordinates in {first} and {second}: {crs}, {order}; {share:.0%} of the first rows lie in the workspace&apos;s area.</source>
        <translation>Współrzędne w kolumnach {first} i {second}: {crs}, {order}; {share:.0%} pierwszych wierszy mieści się w zasięgu obszaru roboczego.</translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="438"/>
        <source>{column} is read as the northing, as chosen.</source>
        <translation>Kolumna {column} jest czytana jako współrzędna północna, zgodnie z wyborem.</translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="443"/>
        <source>Both axis orders put the reports in Poland, {km:.0f} km apart, and the workspace holds no data yet to tell which is right: choose the column that holds the northing (or import the city&apos;s datasets first).</source>
        <translation>Przy obu kolejnościach osi zgłoszenia leżą w Polsce, {km:.0f} km od siebie, a obszar roboczy nie zawiera jeszcze danych, które pozwolą rozstrzygnąć, która jest właściwa: wybierz kolumnę ze współrzędną północną (albo najpierw zaimportuj zbiory danych miasta).</translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="449"/>
        <source>Both axis orders fit the workspace&apos;s area; the Polish convention (X = northing) is applied.</source>
        <translation>Obie kolejności osi pasują do zasięgu obszaru roboczego; zastosowano konwencję polską (X = współrzędna północna).</translation>
    </message>
</context>
<context>
    <name>RunPage</name>
    <message>
        <location filename="../../desktop/import_wizard.py" line="125"/>
        <source>Importing</source>
        <translation>Importowanie</translation>
    </message>
    <message>
        <location filename="../../desktop/import_wizard.py" line="129"/>
        <source>Import progress</source>
        <translation>Postęp importu</translation>
    </message>
    <message>
        <location filename="../../desktop/import_wizard.py" line="133"/>
        <source>&amp;Stop import</source>
        <translation>&amp;Zatrzymaj import</translation>
    </message>
    <message>
        <location filename="../../desktop/import_wizard.py" line="145"/>
        <source>Starting…</source>
        <translation>Uruchamianie…</translation>
    </message>
    <message>
        <location filename="../../desktop/import_wizard.py" line="160"/>
        <source>Stopping…</source>
        <translation>Zatrzymywanie…</translation>
    </message>
</context>
<context>
    <name>SourcePage</name>
    <message>
        <location filename="../../desktop/import_pages.py" line="58"/>
        <source>What to import</source>
        <translation>Co zaimportować</translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="59"/>
        <source>Add files, folders or ZIP archives, and say what they hold.</source>
        <translation>Dodaj pliki, foldery lub archiwa ZIP i wskaż, co zawierają.</translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="62"/>
        <source>Files to import</source>
        <translation>Pliki do zaimportowania</translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="64"/>
        <source>Add &amp;files or ZIP…</source>
        <translation>Dodaj &amp;pliki lub ZIP…</translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="66"/>
        <source>Add f&amp;older…</source>
        <translation>Dodaj &amp;folder…</translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="68"/>
        <source>&amp;Remove</source>
        <translation>&amp;Usuń</translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="71"/>
        <source>Kind of data</source>
        <translation>Rodzaj danych</translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="72"/>
        <source>Detect from the files</source>
        <translation>Rozpoznaj na podstawie plików</translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="84"/>
        <source>&amp;Kind:</source>
        <translation>&amp;Rodzaj:</translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="97"/>
        <source>Citizen reports (CSV, XLSX, GeoJSON, Open311)</source>
        <translation>Zgłoszenia mieszkańców (CSV, XLSX, GeoJSON, Open311)</translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="98"/>
        <source>GPS tracks (GPX, TCX, FIT, Strava or Garmin export)</source>
        <translation>Ślady GPS (GPX, TCX, FIT, eksport ze Stravy lub Garmina)</translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="100"/>
        <source>Datasets (GeoPackage, Shapefile, GeoJSON, KML, CSV, OSM)</source>
        <translation>Zbiory danych (GeoPackage, Shapefile, GeoJSON, KML, CSV, OSM)</translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="102"/>
        <source>Rasters (GeoTIFF)</source>
        <translation>Rastry (GeoTIFF)</translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="136"/>
        <source>Choose files to import</source>
        <translation>Wybierz pliki do zaimportowania</translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="138"/>
        <source>Supported files ({patterns});;All files (*)</source>
        <translation>Obsługiwane pliki ({patterns});;Wszystkie pliki (*)</translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="144"/>
        <source>Choose a folder to import</source>
        <translation>Wybierz folder do zaimportowania</translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="161"/>
        <source>Detected: {kind}</source>
        <translation>Rozpoznano: {kind}</translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="163"/>
        <source>Not recognised: choose the kind</source>
        <translation>Nie rozpoznano: wybierz rodzaj</translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="168"/>
        <source>&amp;Import</source>
        <translation>&amp;Importuj</translation>
    </message>
</context>
<context>
    <name>SummaryPage</name>
    <message>
        <location filename="../../desktop/import_wizard.py" line="189"/>
        <source>Import summary</source>
        <translation>Podsumowanie importu</translation>
    </message>
    <message>
        <location filename="../../desktop/import_wizard.py" line="194"/>
        <source>Imported files</source>
        <translation>Zaimportowane pliki</translation>
    </message>
    <message>
        <location filename="../../desktop/import_wizard.py" line="197"/>
        <source>File</source>
        <translation>Plik</translation>
    </message>
    <message>
        <location filename="../../desktop/import_wizard.py" line="198"/>
        <source>Imported</source>
        <translation>Zaimportowano</translation>
    </message>
    <message>
        <location filename="../../desktop/import_wizard.py" line="199"/>
        <source>Skipped</source>
        <translation>Pominięto</translation>
    </message>
    <message>
        <location filename="../../desktop/import_wizard.py" line="200"/>
        <source>Rejected</source>
        <translation>Odrzucono</translation>
    </message>
    <message>
        <location filename="../../desktop/import_wizard.py" line="201"/>
        <source>Reason</source>
        <translation>Powód</translation>
    </message>
    <message>
        <location filename="../../desktop/import_wizard.py" line="213"/>
        <source>The import was stopped. The workspace is unchanged.</source>
        <translation>Import został zatrzymany. Obszar roboczy nie został zmieniony.</translation>
    </message>
    <message>
        <location filename="../../desktop/import_wizard.py" line="215"/>
        <source>Import the same tracks again to continue where it stopped.</source>
        <translation>Zaimportuj te same ślady ponownie, aby kontynuować od miejsca zatrzymania.</translation>
    </message>
    <message>
        <location filename="../../desktop/import_wizard.py" line="219"/>
        <source>The import failed: {reason}
The workspace is unchanged.</source>
        <translation>Import nie powiódł się: {reason}
Obszar roboczy nie został zmieniony.</translation>
    </message>
    <message>
        <location filename="../../desktop/import_wizard.py" line="228"/>
        <source>{imported} imported, {skipped} skipped as already imported, {rejected} rejected, from {files} file(s).</source>
        <translation>Zaimportowano: {imported}, pominięto jako już zaimportowane: {skipped}, odrzucono: {rejected}; liczba plików: {files}.</translation>
    </message>
    <message>
        <location filename="../../desktop/import_wizard.py" line="237"/>
        <source>Written: {layers}.</source>
        <translation>Zapisano: {layers}.</translation>
    </message>
    <message>
        <location filename="../../desktop/import_wizard.py" line="239"/>
        <source>Nothing was written; the workspace is unchanged.</source>
        <translation>Nic nie zostało zapisane; obszar roboczy nie został zmieniony.</translation>
    </message>
    <message>
        <location filename="../../desktop/import_wizard.py" line="256"/>
        <source>note</source>
        <translation>uwaga</translation>
    </message>
</context>
<context>
    <name>UpgradeDialog</name>
    <message>
        <location filename="../../desktop/workspace_upgrade.py" line="41"/>
        <source>Upgrade workspace</source>
        <translation>Aktualizacja obszaru roboczego</translation>
    </message>
    <message>
        <location filename="../../desktop/workspace_upgrade.py" line="44"/>
        <source>{name} was made by an older Urbanista (workspace format {old}); this one reads format {new}. Upgrade it to open it: into a copy, {copy}, which leaves this file for the older Urbanista, or this file itself.</source>
        <translation>{name} utworzono starszą wersją Urbanisty (format obszaru roboczego {old}); ta wersja czyta format {new}. Zaktualizuj go, aby go otworzyć: do kopii {copy}, co zostawia ten plik starszej wersji, albo ten plik.</translation>
    </message>
    <message>
        <location filename="../../desktop/workspace_upgrade.py" line="58"/>
        <source>Upgrade into a &amp;copy</source>
        <translation>Zaktualizuj do &amp;kopii</translation>
    </message>
    <message>
        <location filename="../../desktop/workspace_upgrade.py" line="59"/>
        <source>Upgrade &amp;this file</source>
        <translation>Zaktualizuj &amp;ten plik</translation>
    </message>
    <message>
        <location filename="../../desktop/workspace_upgrade.py" line="78"/>
        <source>Upgrading {name}…</source>
        <translation>Aktualizowanie {name}…</translation>
    </message>
    <message>
        <location filename="../../desktop/workspace_upgrade.py" line="95"/>
        <source>Upgraded into {copy}. {name} still holds the pseudonym key of the upgraded workspace: whoever has that file, or a backup of it, can recompute every athlete&apos;s pseudonym, those of later imports too. Delete it and its backups (or upgrade the file itself next time: Upgrade this file). If copies of it were shared, start a new key: urbanista import tracks --new-key.</source>
        <translation>Zaktualizowano do kopii {copy}. {name} nadal zawiera klucz pseudonimów zaktualizowanego obszaru roboczego: kto ma ten plik albo jego kopię zapasową, może odtworzyć pseudonim każdego sportowca, także z przyszłych importów. Usuń go wraz z kopiami zapasowymi (albo następnym razem zaktualizuj sam plik: Zaktualizuj ten plik). Jeśli jego kopie komuś przekazano, zacznij nowy klucz: urbanista import tracks --new-key.</translation>
    </message>
</context>
<context>
    <name>WebMapDialog</name>
    <message>
        <location filename="../../desktop/export_dialogs.py" line="133"/>
        <source>HTML map</source>
        <translation>Mapa HTML</translation>
    </message>
    <message>
        <location filename="../../desktop/export_dialogs.py" line="135"/>
        <source>&amp;Write map</source>
        <translation>&amp;Zapisz mapę</translation>
    </message>
    <message>
        <location filename="../../desktop/export_dialogs.py" line="140"/>
        <source>drawn from the workspace&apos;s streets, parks, water</source>
        <translation>podkład z ulic, parków i wód obszaru roboczego</translation>
    </message>
    <message>
        <location filename="../../desktop/export_dialogs.py" line="142"/>
        <source>Local basemap tiles: an XYZ folder ({z}/{x}/{y}.png) or an .mbtiles file</source>
        <translation>Lokalne kafelki podkładu mapowego: folder XYZ ({z}/{x}/{y}.png) lub plik .mbtiles</translation>
    </message>
    <message>
        <location filename="../../desktop/export_dialogs.py" line="144"/>
        <source>&amp;Tiles</source>
        <translation>&amp;Kafelki</translation>
    </message>
    <message>
        <location filename="../../desktop/export_dialogs.py" line="145"/>
        <source>&amp;Open in browser</source>
        <translation>&amp;Otwórz w przeglądarce</translation>
    </message>
    <message>
        <location filename="../../desktop/export_dialogs.py" line="169"/>
        <source>Drawing the map…</source>
        <translation>Rysowanie mapy…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/export_dialogs.py" line="172"/>
        <source>%n layer(s)</source>
        <translation>
            <numerusform>%n warstwa</numerusform>
            <numerusform>%n warstwy</numerusform>
            <numerusform>%n warstw</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/export_dialogs.py" line="175"/>
        <source>left out {name}: {reason}</source>
        <translation>pominięto {name}: {reason}</translation>
    </message>
</context>
<context>
    <name>analyses</name>
    <message>
        <location filename="../../desktop/param_help.py" line="16"/>
        <source>Activity heatmap</source>
        <translation>Mapa ciepła aktywności</translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="17"/>
        <source>Map the workspace&apos;s activities on a grid of square cells: in lines mode the distinct activities (or people) whose tracks cross each cell, in points mode the density of their recorded points, without stops. A cell counts only the activities of a month, day type, day part and type that enough distinct people share there.</source>
        <translation>Mapa aktywności z obszaru roboczego na siatce kwadratowych komórek: w trybie linii liczba różnych aktywności (lub osób), których trasy przecinają komórkę, w trybie punktów gęstość zarejestrowanych punktów, bez postojów. Komórka liczy tylko aktywności z miesiąca, rodzaju dnia, pory dnia i rodzaju aktywności, które ma w niej dość różnych osób.</translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="18"/>
        <source>Street usage</source>
        <translation>Wykorzystanie ulic</translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="19"/>
        <source>Count trips and distinct users per street segment (by direction, month and day part) and per H3 hexagon, as Strava Metro does. A count shows only the activities of a month, day type, day part and type that enough distinct people share there.</source>
        <translation>Liczba przejazdów i różnych użytkowników na każdym odcinku ulicy (według kierunku, miesiąca i pory dnia) i w każdym sześciokącie H3, tak jak w Strava Metro. Liczba obejmuje tylko aktywności z miesiąca, rodzaju dnia, pory dnia i rodzaju aktywności, które ma w danym miejscu dość różnych osób.</translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="20"/>
        <source>Cycle network gaps</source>
        <translation>Luki w sieci dróg rowerowych</translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="21"/>
        <source>Rank corridors of streets that carry cycling demand, reports asking for cycling infrastructure, or links joining the cycle network, but have no cycleway; and check the cycle network (dead ends, ends short of or past junctions, components, tags).</source>
        <translation>Ranking korytarzy ulic bez drogi rowerowej, którymi jeżdżą rowerzyści, o które proszą zgłoszenia mieszkańców albo które łączą części sieci rowerowej; do tego kontrola sieci dróg rowerowych (ślepe końce, końce przed skrzyżowaniem lub za nim, spójne części, atrybuty).</translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="22"/>
        <source>Bike stand siting</source>
        <translation>Lokalizacja stojaków rowerowych</translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="23"/>
        <source>Propose bike-stand sites: maximal covering of trip ends, missing-rack reports and schools, stops, shops and parks within a walk along the streets; existing racks count. Trip starts and ends are demand only in 100 m squares where enough distinct people have some of that type, one start and one end per person; the demand left uncovered is stored summed in square cells, never as single trip ends.</source>
        <translation>Propozycje lokalizacji stojaków rowerowych: maksymalne pokrycie końców tras, zgłoszeń braku stojaka oraz szkół, przystanków, sklepów i parków w zasięgu dojścia ulicami; istniejące stojaki są uwzględniane. Początki i końce tras są popytem tylko w kwadratach 100 m, w których ma je dość różnych osób danego rodzaju aktywności, jeden początek i jeden koniec na osobę; niepokryty popyt jest zapisywany zsumowany w kwadratowych komórkach, nigdy jako pojedyncze końce tras.</translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="24"/>
        <source>Citizen reports</source>
        <translation>Zgłoszenia mieszkańców</translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="25"/>
        <source>Hotspots of each category (Getis-Ord Gi*), likely duplicates, open backlog and days to close by district and category, reports per month and their trend.</source>
        <translation>Gorące punkty każdej kategorii (Getis-Ord Gi*), prawdopodobne duplikaty, zaległe otwarte zgłoszenia i czas do zamknięcia według dzielnic i kategorii, liczba zgłoszeń w miesiącach i jej trend.</translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="26"/>
        <source>District statistics</source>
        <translation>Statystyki dzielnic</translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="27"/>
        <source>Per district: residents, activity users and km, cycleway km, racks and reports (per 1,000 residents), open backlog and CO2 avoided by cycling. Layers not named are guessed; one the workspace lacks is left out and said so.</source>
        <translation>Dla każdej dzielnicy: mieszkańcy, użytkownicy i kilometry aktywności, kilometry dróg rowerowych, stojaki i zgłoszenia (na 1000 mieszkańców), zaległe otwarte zgłoszenia i CO2, którego emisji uniknięto dzięki jeździe rowerem. Niewskazane warstwy są dobierane automatycznie; brakująca w obszarze roboczym warstwa jest pomijana, co zostaje odnotowane.</translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="28"/>
        <source>Data audit</source>
        <translation>Audyt danych</translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="29"/>
        <source>Inventory every dataset (source, date and age, CRS, counts, quality flags) and compare twin datasets from two sources: matched, only in one, and why.</source>
        <translation>Spis wszystkich zbiorów danych (źródło, data i wiek, układ współrzędnych, liczby obiektów, uwagi o jakości) i porównanie bliźniaczych zbiorów z dwóch źródeł: co się pokrywa, co jest tylko w jednym i dlaczego.</translation>
    </message>
</context>
</TS>
