<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>AnalysisDialog</name>
    <message>
        <location filename="../../desktop/analysis_dialog.py" line="78"/>
        <source>Run the analysis and store its results</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/analysis_dialog.py" line="79"/>
        <source>Stop the analysis (Esc); nothing is stored</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/analysis_dialog.py" line="84"/>
        <source>Layers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/analysis_dialog.py" line="96"/>
        <source>Result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/analysis_dialog.py" line="105"/>
        <source>Set the parameters and press Run.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/analysis_dialog.py" line="143"/>
        <source>Stored %n layer(s): {names}</source>
        <translation>
            <numerusform>Stored %n layer: {names}</numerusform>
            <numerusform>Stored %n layers: {names}</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>AttributeDock</name>
    <message>
        <location filename="../../desktop/attribute_dock.py" line="387"/>
        <source>Attribute table</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/attribute_dock.py" line="394"/>
        <source>Attribute table — {layer}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AttributeTableModel</name>
    <message>
        <location filename="../../desktop/attribute_table.py" line="292"/>
        <location filename="../../desktop/attribute_table.py" line="307"/>
        <source>yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/attribute_table.py" line="292"/>
        <location filename="../../desktop/attribute_table.py" line="307"/>
        <source>no</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AttributeTableWidget</name>
    <message>
        <location filename="../../desktop/attribute_dock.py" line="76"/>
        <source>Columns</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/attribute_dock.py" line="88"/>
        <source>Attribute table</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/attribute_dock.py" line="109"/>
        <source>&amp;Zoom to selection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/attribute_dock.py" line="111"/>
        <source>Show the selected features on the map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/attribute_dock.py" line="113"/>
        <source>&amp;Export to Excel…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/attribute_dock.py" line="116"/>
        <source>Write the rows and columns shown, in their order, to an Excel workbook</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/attribute_dock.py" line="119"/>
        <source>Filter rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/attribute_dock.py" line="128"/>
        <source>Filter rows (Ctrl+F)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/attribute_dock.py" line="129"/>
        <source>Filter text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/attribute_dock.py" line="134"/>
        <source>Column to filter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/attribute_dock.py" line="137"/>
        <source>&amp;Columns</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/attribute_dock.py" line="138"/>
        <source>Choose the columns shown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/attribute_dock.py" line="150"/>
        <source>Progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/attribute_dock.py" line="152"/>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/attribute_dock.py" line="203"/>
        <source>All columns</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/attribute_dock.py" line="299"/>
        <source>Export to Excel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/attribute_dock.py" line="301"/>
        <source>Excel workbooks (*.xlsx)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/attribute_dock.py" line="318"/>
        <source>{layer}: {shown} of {total} rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/attribute_dock.py" line="326"/>
        <source>, filtered by “{text}” {where}</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/attribute_dock.py" line="334"/>
        <source>Exported %n row(s) to {path}</source>
        <translation>
            <numerusform>Exported %n row to {path}</numerusform>
            <numerusform>Exported %n rows to {path}</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/attribute_dock.py" line="339"/>
        <source>Cannot export to Excel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/attribute_dock.py" line="374"/>
        <source>{shown} of {total} rows, {selected} selected</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CatalogueModel</name>
    <message>
        <location filename="../../desktop/catalogue_model.py" line="104"/>
        <location filename="../../desktop/catalogue_model.py" line="127"/>
        <source>Dataset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/catalogue_model.py" line="105"/>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/catalogue_model.py" line="106"/>
        <source>CRS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/catalogue_model.py" line="107"/>
        <source>Features</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/catalogue_model.py" line="108"/>
        <source>Imported</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/catalogue_model.py" line="109"/>
        <source>Licence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/catalogue_model.py" line="110"/>
        <source>Source date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/catalogue_model.py" line="111"/>
        <source>Quality flags</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/catalogue_model.py" line="116"/>
        <source>The dataset&apos;s title, or its layer name if it has none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/catalogue_model.py" line="117"/>
        <source>Number of features; empty for rasters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/catalogue_model.py" line="118"/>
        <source>When the dataset was imported (local time)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/catalogue_model.py" line="119"/>
        <source>Date of the source data, as given on import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/catalogue_model.py" line="120"/>
        <source>Problems the importer found in the source data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/catalogue_model.py" line="125"/>
        <source>GPS tracks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/catalogue_model.py" line="126"/>
        <source>Citizen reports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/catalogue_model.py" line="128"/>
        <source>Raster</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/catalogue_model.py" line="129"/>
        <source>Analysis result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/catalogue_model.py" line="154"/>
        <source>GeoTIFF: {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/catalogue_model.py" line="156"/>
        <source>Layer: {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/catalogue_model.py" line="164"/>
        <source>No quality flags</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ExcelReportDialog</name>
    <message>
        <location filename="../../desktop/export_dialogs.py" line="52"/>
        <source>Excel report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/export_dialogs.py" line="54"/>
        <source>&amp;Write report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/export_dialogs.py" line="57"/>
        <source>&amp;Sections</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/export_dialogs.py" line="58"/>
        <source>None ticked: every analysis result in the workspace.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/export_dialogs.py" line="70"/>
        <source>Analysis: {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/export_dialogs.py" line="74"/>
        <source>Include &amp;personal data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/export_dialogs.py" line="76"/>
        <source>Keep reporters&apos; names, e-mails and phones, if the workspace kept them</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/export_dialogs.py" line="80"/>
        <source>from the data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/export_dialogs.py" line="81"/>
        <source>&amp;City</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/export_dialogs.py" line="82"/>
        <source>City &amp;map on the summary sheet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/export_dialogs.py" line="100"/>
        <source>Drawing the city map…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/export_dialogs.py" line="101"/>
        <source>Writing the sheets…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/export_dialogs.py" line="111"/>
        <source>%n sheet(s)</source>
        <translation>
            <numerusform>%n sheet</numerusform>
            <numerusform>%n sheets</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/export_dialogs.py" line="113"/>
        <source>{rows:,} rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/export_dialogs.py" line="116"/>
        <source>personal columns left out: {columns}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../../desktop/export_base.py" line="71"/>
        <source>&amp;Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/export_base.py" line="76"/>
        <source>Output file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/export_base.py" line="77"/>
        <source>O&amp;utput file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/export_base.py" line="81"/>
        <source>Choose the options and the file to write.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/export_base.py" line="102"/>
        <source>&amp;Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/export_base.py" line="107"/>
        <source>the workspace&apos;s name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/export_base.py" line="108"/>
        <source>&amp;Title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/export_base.py" line="124"/>
        <source>La&amp;yers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/export_base.py" line="125"/>
        <source>None ticked: the basemap and every thematic layer the workspace holds.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/export_base.py" line="143"/>
        <source>Choose the file to write.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/export_base.py" line="149"/>
        <source>{path}: the file&apos;s name must end in {suffix}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/export_base.py" line="154"/>
        <source>{folder}: no such folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/export_base.py" line="169"/>
        <source>Write to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/export_base.py" line="171"/>
        <source>{suffix} files ({pattern})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/export_base.py" line="181"/>
        <source>Wrote {path}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ImportWizard</name>
    <message>
        <location filename="../../desktop/import_wizard.py" line="64"/>
        <source>Import data</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>JobDialog</name>
    <message>
        <location filename="../../desktop/job_dialog.py" line="63"/>
        <source>Error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/job_dialog.py" line="67"/>
        <source>Progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/job_dialog.py" line="72"/>
        <source>&amp;Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/job_dialog.py" line="74"/>
        <source>&amp;Cancel run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/job_dialog.py" line="75"/>
        <source>Stop the work (Esc)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/job_dialog.py" line="77"/>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/job_dialog.py" line="125"/>
        <source>Running…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/job_dialog.py" line="134"/>
        <source>Cancelling…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/job_dialog.py" line="180"/>
        <source>Failed; nothing was written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/job_dialog.py" line="186"/>
        <source>Cancelled; nothing was written.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>KeyDialog</name>
    <message>
        <location filename="../../desktop/pseudonym_key.py" line="45"/>
        <source>Pseudonym key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/pseudonym_key.py" line="48"/>
        <source>Athletes in the tracks of {name} get pseudonyms keyed by the key {id}. The key stays on this computer, never in the workspace: whoever had both could find the activities of people they can name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/pseudonym_key.py" line="57"/>
        <source>Back it up: export it to a file and keep that file safe, apart from the workspace (on the city&apos;s backup drive, say). Without the key, tracks imported later get new pseudonyms, and the same people are counted twice. On another computer, import the file here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/pseudonym_key.py" line="67"/>
        <source>&amp;Export key…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/pseudonym_key.py" line="68"/>
        <source>&amp;Import key file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/pseudonym_key.py" line="84"/>
        <source>This computer has the key: {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/pseudonym_key.py" line="89"/>
        <source>This computer does not have the key (it is not in {folder}): tracks imported now would get new pseudonyms. Import the key file exported on the computer that imported the tracks.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/pseudonym_key.py" line="103"/>
        <source>Export pseudonym key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/pseudonym_key.py" line="105"/>
        <source>Key files (*.key)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/pseudonym_key.py" line="116"/>
        <source>Wrote the key to {path}: keep it secret.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/pseudonym_key.py" line="125"/>
        <source>Import pseudonym key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/pseudonym_key.py" line="127"/>
        <source>Key files (*.key);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/pseudonym_key.py" line="141"/>
        <source>{path} holds the key {got}, not this workspace&apos;s key {id}: it was stored, but this workspace still lacks its key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/pseudonym_key.py" line="146"/>
        <source>This computer has the key now.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LayerChoice</name>
    <message>
        <location filename="../../desktop/layer_choice.py" line="18"/>
        <source>Cycling usage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/layer_choice.py" line="19"/>
        <source>Streets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/layer_choice.py" line="20"/>
        <source>Cycleways</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/layer_choice.py" line="21"/>
        <source>Bike racks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/layer_choice.py" line="22"/>
        <source>Activity tracks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/layer_choice.py" line="23"/>
        <source>Citizen reports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/layer_choice.py" line="24"/>
        <source>Schools</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/layer_choice.py" line="25"/>
        <source>Public transport stops</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/layer_choice.py" line="26"/>
        <source>Shops and markets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/layer_choice.py" line="27"/>
        <source>Parks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/layer_choice.py" line="28"/>
        <source>Districts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/layer_choice.py" line="86"/>
        <source>The workspace has no layer for: {slots}. Import one first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/layer_choice.py" line="118"/>
        <source>(no suitable layer)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/layer_choice.py" line="133"/>
        <source>Not used while a layer of {other} is chosen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/layer_choice.py" line="140"/>
        <source>(count now from the tracks)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/layer_choice.py" line="141"/>
        <source>(none)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LayerPanel</name>
    <message>
        <location filename="../../desktop/layer_panel.py" line="44"/>
        <source>Layers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/layer_panel.py" line="49"/>
        <source>Map layers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/layer_panel.py" line="55"/>
        <source>Up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/layer_panel.py" line="55"/>
        <source>Draw the layer higher (Ctrl+Up)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/layer_panel.py" line="57"/>
        <source>Down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/layer_panel.py" line="57"/>
        <source>Draw the layer lower (Ctrl+Down)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/layer_panel.py" line="59"/>
        <source>Zoom to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/layer_panel.py" line="59"/>
        <source>Show all of the layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/layer_panel.py" line="65"/>
        <source>Opacity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/layer_panel.py" line="67"/>
        <source>Colour…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/layer_panel.py" line="67"/>
        <source>Choose the layer&apos;s colour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/layer_panel.py" line="69"/>
        <source>Line width</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/layer_panel.py" line="70"/>
        <source>Point size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/layer_panel.py" line="90"/>
        <source> px</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/layer_panel.py" line="100"/>
        <source>&amp;Opacity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/layer_panel.py" line="101"/>
        <source>Colour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/layer_panel.py" line="102"/>
        <source>Line &amp;width</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/layer_panel.py" line="103"/>
        <source>Point &amp;size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/layer_panel.py" line="104"/>
        <source>L&amp;egend</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/layer_panel.py" line="215"/>
        <source>Layer colour</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LegendList</name>
    <message>
        <location filename="../../desktop/legend.py" line="44"/>
        <source>Legend</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/legend.py" line="59"/>
        <source>Legend of {layer}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/legend.py" line="76"/>
        <source>colour {colour}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/legend.py" line="96"/>
        <source>Other</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/legend.py" line="110"/>
        <source>From the lowest to the highest value shown</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../desktop/main_window.py" line="70"/>
        <source>Map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="79"/>
        <source>Catalogue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="82"/>
        <source>Attribute</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="82"/>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="85"/>
        <source>Feature</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="100"/>
        <source>Datasets of the workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="136"/>
        <source>Coordinates under the mouse</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="137"/>
        <source>⚠ Pseudonym key not on this computer…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="160"/>
        <source>Open workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="160"/>
        <location filename="../../desktop/main_window.py" line="167"/>
        <location filename="../../desktop/main_window.py" line="188"/>
        <source>Urbanista workspaces (*.gpkg)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="167"/>
        <source>New workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="176"/>
        <source>Cannot create workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="186"/>
        <source>Save workspace as</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="195"/>
        <source>Cannot save workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="215"/>
        <source>Cannot open workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="237"/>
        <source>Added: {names}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="256"/>
        <source>The pseudonym key {id} of this workspace is not on this computer: tracks imported now would get new pseudonyms, and the same people would be counted twice. Import the key file with File ▸ Pseudonym key…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="297"/>
        <source>Add basemap tiles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="299"/>
        <source>MBTiles (*.mbtiles);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="310"/>
        <source>Cannot use these tiles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="324"/>
        <source>Feature: {layer}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="347"/>
        <source>Cannot draw the map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="352"/>
        <source>No workspace open: File ▸ Open workspace…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/main_window.py" line="357"/>
        <source>{path}  ·  {crs}  ·  %n dataset(s)</source>
        <translation>
            <numerusform>{path}  ·  {crs}  ·  %n dataset</numerusform>
            <numerusform>{path}  ·  {crs}  ·  %n datasets</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/menus.py" line="36"/>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/menus.py" line="37"/>
        <source>&amp;About Urbanista</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/menus.py" line="58"/>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/menus.py" line="62"/>
        <source>&amp;New workspace…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/menus.py" line="65"/>
        <source>Create an empty workspace (EPSG:2180)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/menus.py" line="70"/>
        <source>&amp;Open workspace…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/menus.py" line="73"/>
        <source>Open an Urbanista workspace (.gpkg)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/menus.py" line="75"/>
        <source>Open &amp;recent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/menus.py" line="80"/>
        <source>Save workspace &amp;as…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/menus.py" line="87"/>
        <source>Pseudonym &amp;key…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/menus.py" line="89"/>
        <source>The key of the athletes&apos; pseudonyms: back it up, import it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/menus.py" line="95"/>
        <source>&amp;Import data…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/menus.py" line="98"/>
        <source>Import reports, tracks, datasets or rasters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/menus.py" line="102"/>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/menus.py" line="113"/>
        <source>(none yet)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/menus.py" line="119"/>
        <source>&amp;Map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/menus.py" line="121"/>
        <source>&amp;Full extent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/menus.py" line="124"/>
        <source>Zoom &amp;in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/menus.py" line="129"/>
        <source>Zoom &amp;out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/menus.py" line="136"/>
        <source>&amp;Box zoom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/menus.py" line="139"/>
        <source>Drag a box to zoom to it (or Shift+drag at any time)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/menus.py" line="146"/>
        <source>&amp;Redraw</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/menus.py" line="154"/>
        <source>Add basemap &amp;tiles (MBTiles)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/menus.py" line="156"/>
        <source>Draw local tiles under the map: an .mbtiles file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/menus.py" line="161"/>
        <source>Add basemap tiles (XYZ &amp;folder)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/menus.py" line="169"/>
        <source>Folder of XYZ tiles ({z}/{x}/{y})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/menus.py" line="180"/>
        <source>&amp;Analysis</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/menus.py" line="211"/>
        <source>E&amp;xport</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/menus.py" line="214"/>
        <source>&amp;Excel report…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/menus.py" line="218"/>
        <source>&amp;HTML map…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/menus.py" line="220"/>
        <source>&amp;Print map (PNG, PDF)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/menus.py" line="245"/>
        <source>Open or create a workspace first (File menu).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/menus.py" line="252"/>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/menus.py" line="261"/>
        <source>&amp;Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/menus.py" line="272"/>
        <source>Large text, &amp;high contrast</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/menus.py" line="275"/>
        <source>For workshops: white on black, larger fonts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/menus.py" line="293"/>
        <source>About Urbanista</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/menus.py" line="294"/>
        <source>Urbanista {version}: offline GIS analyses for city halls.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/app.py" line="69"/>
        <source>Restore the last session?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/app.py" line="70"/>
        <source>Urbanista did not close properly last time. Reopen {workspace} as you left it? Everything saved to the workspace is there; only an operation that was still running is lost.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MapCanvas</name>
    <message>
        <location filename="../../desktop/map/canvas.py" line="64"/>
        <source>Map</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ParamHelp</name>
    <message>
        <location filename="../../desktop/param_help.py" line="33"/>
        <source>A bare segment ridden by at least this many distinct users a day is a candidate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="34"/>
        <source>A segment with at least this share of its length covered has infrastructure.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="35"/>
        <source>A street point within this distance of a cycleway is covered by it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="36"/>
        <source>Activity types whose km count as cycling for the CO2 estimate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="37"/>
        <source>Activity types whose trip ends are demand; empty: every type.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="38"/>
        <source>Also control the false discovery rate over the cells (Benjamini-Hochberg).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="39"/>
        <source>An end within this distance (along the cycleway) of a junction ends at it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="41"/>
        <source>Candidate sites lie at most this far apart along each street, and at its ends.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="42"/>
        <source>Cell size.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="43"/>
        <source>Column of the districts layer holding the name (default: nazwa, name... whichever it has).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="44"/>
        <source>Column of the reports naming their district, used without a districts layer (default: district, dzielnica... whichever they have).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="45"/>
        <source>Compare layers A and B; default: layers of the same role.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="46"/>
        <source>Components closer than this (and than by street) are joined by a straight gap link.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="47"/>
        <source>Components of the cycle network shorter than this are not joined by links.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="48"/>
        <source>Conditional permutations per cell for the Gi* p-values.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="49"/>
        <source>Coverage below this share is named as a reason for the differences.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="50"/>
        <source>Date the backlog is counted at (default: the latest date in the layer).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="51"/>
        <source>Days the tracks cover, to scale CO2 to a year; None: from the tracks&apos; start times.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="52"/>
        <source>Demand and racks farther than this from every street are reached by no stand.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="53"/>
        <source>Demand of one citizen report of a missing rack.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="54"/>
        <source>Demand of one park (reached from its edge).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="55"/>
        <source>Demand of one public transport stop (bike and ride).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="56"/>
        <source>Demand of one school.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="57"/>
        <source>Demand of one shop or market.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="58"/>
        <source>Demand of one trip start or end.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="59"/>
        <source>Ends farther than this from every junction are not checked against junctions.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="60"/>
        <source>Ends of pieces within this distance of another piece are connected to it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="61"/>
        <source>Exact method: stop after this long with the best solution and its proven gap.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="62"/>
        <source>Fewest reports of a category to test it, and of a hotspot area to keep it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="63"/>
        <source>Fine grid the tracks are rasterised on before hexagons are looked up.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="64"/>
        <source>First day counted (local date), widened to the first day of its month.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="65"/>
        <source>H3 resolution: 8 (about 0.74 km2 per hexagon) is Strava Metro&apos;s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="66"/>
        <source>How the cycle network&apos;s pieces join, for components and quality checks.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="67"/>
        <source>How tracks are matched to street segments.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="68"/>
        <source>Inclusive, local dates, widened to whole months: the first and the last day of theirs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="71"/>
        <source>Largest distance from a track sample to the segment it is matched to.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="72"/>
        <source>Largest distance of a junction to the side of a cycleway&apos;s end (cycleways run beside the street&apos;s centreline).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="73"/>
        <source>Largest grid allowed (memory grows with cells x permutations).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="74"/>
        <source>Largest walk along the streets between a stand and the demand it serves.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="75"/>
        <source>Length of the observed period for per-day figures; None: first to last activity.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="76"/>
        <source>Lines mode: count distinct activities or distinct users per cell.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="77"/>
        <source>Longest street link proposed between two components.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="78"/>
        <source>MCLP: the number of new stands to place.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="79"/>
        <source>Months of the year counted, 1-12, of any year.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="80"/>
        <source>Overlaps between districts smaller than this (digitising slivers) are accepted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="81"/>
        <source>Part of a segment&apos;s length a track must run along to use it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="82"/>
        <source>Points mode: kernel radius.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="83"/>
        <source>Points mode: leave out points recorded while standing still.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="84"/>
        <source>Regular expression (case-insensitive) of report texts asking for it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="85"/>
        <source>Report categories asking for cycling infrastructure.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="86"/>
        <source>Report statuses that are not open backlog; any other (or none) is backlog.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="89"/>
        <source>Reports within this distance of a street segment count for the nearest one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="90"/>
        <source>Seed of the permutations, so that a run can be repeated exactly.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="92"/>
        <source>Share of cycled km that replace a car trip (0-1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="94"/>
        <source>Significance level of a hot cell (one-sided permutation p-value below it).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="95"/>
        <source>Strava Metro day parts, local time: morning, midday, evening, night.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="96"/>
        <source>Street segment ends within this distance are one node.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="97"/>
        <source>Streets are sampled at this step to measure their covered share.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="98"/>
        <source>The day ages are counted to; None: today (UTC).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="100"/>
        <source>The reports&apos; category that asks for a rack.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="118"/>
        <source>lines: the activities whose tracks cross each cell; points: the density of their points.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="101"/>
        <source>The streets&apos; name column; None: the first of nazwa, name, ulica, street...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="102"/>
        <source>Time zone of the months.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="103"/>
        <source>Tracks are resampled at this step before matching.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="104"/>
        <source>Uncovered demand is shown summed in square cells this wide, on multiples of it (display only: which trip ends are demand is decided in fixed 100 m cells).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="117"/>
        <source>k-anonymity: trip starts and ends count only in 100 m cells (and types) of this many people, and in a stand&apos;s or an uncovered cell&apos;s figures only if of this many.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="106"/>
        <source>Weight of the connectivity term (share of length on links) in the score.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="40"/>
        <source>CO2 a car emits per km (EEA new-car average 2019, 122.3 g/km, rounded down).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="69"/>
        <source>Largest distance between two lines taken for the same way.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="70"/>
        <source>Largest distance between two points taken for the same feature.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="87"/>
        <source>Reports of one category at most this far apart may be duplicates.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="88"/>
        <source>Reports that close are duplicates only if also created at most this many days apart.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="91"/>
        <source>Set covering: the share of all demand to cover with the fewest stands, instead of placing a number of new stands.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="93"/>
        <source>Side of the square grid cells for the hotspot test.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="99"/>
        <source>The districts&apos; field of residents (default: ludnosc, population, pop or liczba_mieszkancow, whichever they have).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="105"/>
        <source>Weekdays, weekends, or all days.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="107"/>
        <source>Weight of the demand term (user-km a day) in the score.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="108"/>
        <source>Weight of the reports term in the score.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="109"/>
        <source>Which H3 grid the activities are counted on.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="110"/>
        <source>Which activities count.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="111"/>
        <source>cycling, running, inline_skating, nordic_walking, walking, other.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="112"/>
        <source>exact: the integer programme (HiGHS), greedy shown beside it; greedy: greedy only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="113"/>
        <source>k-anonymity: a cell counts only release groups of this many people there (0 disables).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="114"/>
        <source>k-anonymity: a district counts activities of a type only if this many people have some.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="115"/>
        <source>k-anonymity: counts reflecting fewer distinct users are withheld (0 disables).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="116"/>
        <source>k-anonymity: hexagons reflecting fewer distinct users are left out (0 keeps all).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ParamsForm</name>
    <message>
        <location filename="../../desktop/param_labels.py" line="17"/>
        <source>Mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="18"/>
        <source>Count</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="19"/>
        <source>Cell size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="20"/>
        <source>Kernel radius</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="21"/>
        <source>Fewest distinct users shown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="22"/>
        <source>Activities</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="23"/>
        <source>Leave out standing still</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="24"/>
        <location filename="../../desktop/param_labels.py" line="62"/>
        <source>Activity types</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="25"/>
        <source>From</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="26"/>
        <source>To</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="27"/>
        <source>Days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="28"/>
        <source>Parts of the day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="29"/>
        <source>Months</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="31"/>
        <source>Street segments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="32"/>
        <source>H3 hexagons</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="33"/>
        <source>Matching tolerance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="34"/>
        <source>Sampling step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="35"/>
        <source>Share of the segment ridden</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="36"/>
        <source>H3 resolution</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="38"/>
        <source>Distance to a cycleway</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="39"/>
        <source>Covered share</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="40"/>
        <source>Users a day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="41"/>
        <source>Report distance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="42"/>
        <source>Report categories</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="43"/>
        <source>Report text (regular expression)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="44"/>
        <source>Shortest component joined</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="45"/>
        <source>Longest link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="46"/>
        <source>Longest straight gap</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="47"/>
        <source>Demand weight</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="48"/>
        <source>Reports weight</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="49"/>
        <source>Connectivity weight</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="50"/>
        <source>Street name column</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="51"/>
        <source>Cycle network</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="52"/>
        <source>Node tolerance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="53"/>
        <source>Lateral tolerance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="54"/>
        <source>Junction tolerance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="55"/>
        <source>Junction search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="57"/>
        <source>New stands</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="58"/>
        <source>Or: demand to cover</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="59"/>
        <source>Walking distance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="60"/>
        <source>Candidate spacing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="61"/>
        <source>Snapping distance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="63"/>
        <source>Trip end weight</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="64"/>
        <source>Report weight</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="65"/>
        <source>Report category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="66"/>
        <source>School weight</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="67"/>
        <source>Stop weight</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="68"/>
        <source>Shop weight</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="69"/>
        <source>Park weight</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="70"/>
        <source>Method</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="71"/>
        <source>Time limit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="72"/>
        <source>Uncovered demand cell</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="74"/>
        <source>Hotspot cell</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="75"/>
        <source>Significance level</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="76"/>
        <source>Permutations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="77"/>
        <source>Seed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="78"/>
        <source>Control the false discovery rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="79"/>
        <source>Fewest reports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="80"/>
        <source>Most grid cells</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="81"/>
        <source>Duplicates: distance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="82"/>
        <source>Duplicates: time apart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="83"/>
        <source>District name field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="84"/>
        <source>Reports&apos; district column</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="85"/>
        <source>Backlog as of</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="86"/>
        <source>Time zone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="88"/>
        <source>Population field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="89"/>
        <source>Share replacing a car</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="90"/>
        <source>Car CO2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="91"/>
        <source>Cycling types</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="92"/>
        <source>Days observed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="93"/>
        <source>Closed statuses</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="94"/>
        <source>Accepted overlap</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="96"/>
        <source>Point tolerance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="97"/>
        <source>Line buffer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="98"/>
        <source>Least coverage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="99"/>
        <source>Ages counted to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="110"/>
        <source>lines</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="111"/>
        <source>points</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="112"/>
        <source>activities</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="113"/>
        <source>users</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="114"/>
        <source>all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="115"/>
        <source>weekday</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="116"/>
        <source>weekend</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="117"/>
        <source>exact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="118"/>
        <source>greedy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="120"/>
        <source>cycling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="121"/>
        <source>running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="122"/>
        <source>inline skating</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="123"/>
        <source>Nordic walking</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="124"/>
        <source>walking</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="125"/>
        <source>other</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="126"/>
        <source>morning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="127"/>
        <source>midday</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="128"/>
        <source>evening</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="129"/>
        <source>night</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="130"/>
        <source>open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="131"/>
        <source>in progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="132"/>
        <source>closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_labels.py" line="133"/>
        <source>rejected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/params_form.py" line="101"/>
        <source> %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/params_form.py" line="103"/>
        <source> m²</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/params_form.py" line="105"/>
        <source> m</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/params_form.py" line="107"/>
        <source> s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/params_form.py" line="109"/>
        <source> days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/params_form.py" line="111"/>
        <source> g/km</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/params_form.py" line="313"/>
        <location filename="../../desktop/params_form.py" line="343"/>
        <source>not set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/params_form.py" line="365"/>
        <source>automatic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/params_form.py" line="375"/>
        <source>comma-separated</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PrintMapDialog</name>
    <message>
        <location filename="../../desktop/export_dialogs.py" line="207"/>
        <source>Print map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/export_dialogs.py" line="209"/>
        <source>&amp;Print to file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/export_dialogs.py" line="211"/>
        <source>&amp;Format</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/export_dialogs.py" line="211"/>
        <source>PNG image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/export_dialogs.py" line="211"/>
        <source>PDF document</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/export_dialogs.py" line="214"/>
        <source>P&amp;aper</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/export_dialogs.py" line="216"/>
        <source>&amp;Orientation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/export_dialogs.py" line="217"/>
        <source>Landscape</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/export_dialogs.py" line="217"/>
        <source>Portrait</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/export_dialogs.py" line="222"/>
        <source> dpi</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/export_dialogs.py" line="223"/>
        <source>Resolution of a PNG; a PDF keeps its lines as vectors</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/export_dialogs.py" line="224"/>
        <source>&amp;Resolution</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/export_dialogs.py" line="247"/>
        <source>Drawing the map…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RepairDialog</name>
    <message>
        <location filename="../../desktop/workspace_repair.py" line="42"/>
        <source>Cannot open workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/workspace_repair.py" line="45"/>
        <source>Error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/workspace_repair.py" line="48"/>
        <source>The workspace may be damaged. Check lists what is wrong with it; Repair rebuilds it into a new file from the layers it still holds, and leaves this file as it is.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/workspace_repair.py" line="57"/>
        <source>Problems found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/workspace_repair.py" line="61"/>
        <source>&amp;Check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/workspace_repair.py" line="62"/>
        <source>&amp;Repair into a copy…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/workspace_repair.py" line="78"/>
        <source>Checking {name}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/workspace_repair.py" line="86"/>
        <source>{stem}_repaired</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/workspace_repair.py" line="90"/>
        <source>Repair into a copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/workspace_repair.py" line="92"/>
        <source>Urbanista workspaces (*.gpkg)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/workspace_repair.py" line="97"/>
        <source>Repairing into {name}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/workspace_repair.py" line="115"/>
        <source>%n problem(s) found.</source>
        <translation>
            <numerusform>%n problem found.</numerusform>
            <numerusform>%n problems found.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/workspace_repair.py" line="117"/>
        <source>No problems found.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReportsPage</name>
    <message>
        <location filename="../../desktop/import_pages.py" line="190"/>
        <source>Check the columns</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="193"/>
        <source>&amp;Import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="201"/>
        <source>First rows of the file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="214"/>
        <source>CRS of the coordinates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="215"/>
        <source>Detect from the values</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="220"/>
        <source>Applies to X/Y columns and GeoJSON points; latitude and longitude are always read as WGS 84</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="225"/>
        <source>&amp;CRS:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="236"/>
        <source>Which column holds the northing?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="252"/>
        <source>Report &amp;number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="253"/>
        <source>Ca&amp;tegory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="254"/>
        <source>Category code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="255"/>
        <source>&amp;Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="256"/>
        <source>Status notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="257"/>
        <source>Cr&amp;eated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="258"/>
        <source>Closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="259"/>
        <source>Updated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="260"/>
        <source>&amp;Description</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="261"/>
        <source>&amp;Address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="262"/>
        <source>&amp;Latitude</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="263"/>
        <source>L&amp;ongitude</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="264"/>
        <source>&amp;X</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="265"/>
        <source>&amp;Y</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="279"/>
        <source>Reading the first rows…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="324"/>
        <source>no reports file (CSV, XLSX, JSON) among the paths</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="328"/>
        <source>The first rows of {file}. Change a field&apos;s column if it was not found or is wrong.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="334"/>
        <source>(none)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="365"/>
        <source>Cannot read {file}: {reason}
Importing rejects it and goes on with the other files.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="399"/>
        <source>{column}: the reports lie around {lat:.3f}°N {lon:.3f}°E</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="412"/>
        <location filename="../../desktop/import_pages.py" line="419"/>
        <source>Problem: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="415"/>
        <source>No coordinate columns: choose Latitude and Longitude, or X and Y. Without them the file is rejected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="422"/>
        <source>northing/latitude first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="424"/>
        <source>easting/longitude first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="427"/>
        <source>Coordinates in {first} and {second}: {crs}, {order}; {share:.0%} of the first rows lie in the workspace&apos;s area.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="438"/>
        <source>{column} is read as the northing, as chosen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="443"/>
        <source>Both axis orders put the reports in Poland, {km:.0f} km apart, and the workspace holds no data yet to tell which is right: choose the column that holds the northing (or import the city&apos;s datasets first).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="449"/>
        <source>Both axis orders fit the workspace&apos;s area; the Polish convention (X = northing) is applied.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RunPage</name>
    <message>
        <location filename="../../desktop/import_wizard.py" line="125"/>
        <source>Importing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/import_wizard.py" line="129"/>
        <source>Import progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/import_wizard.py" line="133"/>
        <source>&amp;Stop import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/import_wizard.py" line="145"/>
        <source>Starting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/import_wizard.py" line="160"/>
        <source>Stopping…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SourcePage</name>
    <message>
        <location filename="../../desktop/import_pages.py" line="58"/>
        <source>What to import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="59"/>
        <source>Add files, folders or ZIP archives, and say what they hold.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="62"/>
        <source>Files to import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="64"/>
        <source>Add &amp;files or ZIP…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="66"/>
        <source>Add f&amp;older…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="68"/>
        <source>&amp;Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="71"/>
        <source>Kind of data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="72"/>
        <source>Detect from the files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="84"/>
        <source>&amp;Kind:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="97"/>
        <source>Citizen reports (CSV, XLSX, GeoJSON, Open311)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="98"/>
        <source>GPS tracks (GPX, TCX, FIT, Strava or Garmin export)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="100"/>
        <source>Datasets (GeoPackage, Shapefile, GeoJSON, KML, CSV, OSM)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="102"/>
        <source>Rasters (GeoTIFF)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="136"/>
        <source>Choose files to import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="138"/>
        <source>Supported files ({patterns});;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="144"/>
        <source>Choose a folder to import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="161"/>
        <source>Detected: {kind}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="163"/>
        <source>Not recognised: choose the kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/import_pages.py" line="168"/>
        <source>&amp;Import</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SummaryPage</name>
    <message>
        <location filename="../../desktop/import_wizard.py" line="189"/>
        <source>Import summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/import_wizard.py" line="194"/>
        <source>Imported files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/import_wizard.py" line="197"/>
        <source>File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/import_wizard.py" line="198"/>
        <source>Imported</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/import_wizard.py" line="199"/>
        <source>Skipped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/import_wizard.py" line="200"/>
        <source>Rejected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/import_wizard.py" line="201"/>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/import_wizard.py" line="213"/>
        <source>The import was stopped. The workspace is unchanged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/import_wizard.py" line="215"/>
        <source>Import the same tracks again to continue where it stopped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/import_wizard.py" line="219"/>
        <source>The import failed: {reason}
The workspace is unchanged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/import_wizard.py" line="228"/>
        <source>{imported} imported, {skipped} skipped as already imported, {rejected} rejected, from {files} file(s).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/import_wizard.py" line="237"/>
        <source>Written: {layers}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/import_wizard.py" line="239"/>
        <source>Nothing was written; the workspace is unchanged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/import_wizard.py" line="256"/>
        <source>note</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>UpgradeDialog</name>
    <message>
        <location filename="../../desktop/workspace_upgrade.py" line="41"/>
        <source>Upgrade workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/workspace_upgrade.py" line="44"/>
        <source>{name} was made by an older Urbanista (workspace format {old}); this one reads format {new}. Upgrade it to open it: into a copy, {copy}, which leaves this file for the older Urbanista, or this file itself.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/workspace_upgrade.py" line="58"/>
        <source>Upgrade into a &amp;copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/workspace_upgrade.py" line="59"/>
        <source>Upgrade &amp;this file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/workspace_upgrade.py" line="78"/>
        <source>Upgrading {name}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/workspace_upgrade.py" line="95"/>
        <source>Upgraded into {copy}. {name} still holds the pseudonym key of the upgraded workspace: whoever has that file, or a backup of it, can recompute every athlete&apos;s pseudonym, those of later imports too. Delete it and its backups (or upgrade the file itself next time: Upgrade this file). If copies of it were shared, start a new key: urbanista import tracks --new-key.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WebMapDialog</name>
    <message>
        <location filename="../../desktop/export_dialogs.py" line="133"/>
        <source>HTML map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/export_dialogs.py" line="135"/>
        <source>&amp;Write map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/export_dialogs.py" line="140"/>
        <source>drawn from the workspace&apos;s streets, parks, water</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/export_dialogs.py" line="142"/>
        <source>Local basemap tiles: an XYZ folder ({z}/{x}/{y}.png) or an .mbtiles file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/export_dialogs.py" line="144"/>
        <source>&amp;Tiles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/export_dialogs.py" line="145"/>
        <source>&amp;Open in browser</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/export_dialogs.py" line="169"/>
        <source>Drawing the map…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/export_dialogs.py" line="172"/>
        <source>%n layer(s)</source>
        <translation>
            <numerusform>%n layer</numerusform>
            <numerusform>%n layers</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/export_dialogs.py" line="175"/>
        <source>left out {name}: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>analyses</name>
    <message>
        <location filename="../../desktop/param_help.py" line="16"/>
        <source>Activity heatmap</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="18"/>
        <source>Street usage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="20"/>
        <source>Cycle network gaps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="21"/>
        <source>Rank corridors of streets that carry cycling demand, reports asking for cycling infrastructure, or links joining the cycle network, but have no cycleway; and check the cycle network (dead ends, ends short of or past junctions, components, tags).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="22"/>
        <source>Bike stand siting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="17"/>
        <source>Map the workspace&apos;s activities on a grid of square cells: in lines mode the distinct activities (or people) whose tracks cross each cell, in points mode the density of their recorded points, without stops. A cell counts only the activities of a month, day type, day part and type that enough distinct people share there.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="19"/>
        <source>Count trips and distinct users per street segment (by direction, month and day part) and per H3 hexagon, as Strava Metro does. A count shows only the activities of a month, day type, day part and type that enough distinct people share there.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="23"/>
        <source>Propose bike-stand sites: maximal covering of trip ends, missing-rack reports and schools, stops, shops and parks within a walk along the streets; existing racks count. Trip starts and ends are demand only in 100 m squares where enough distinct people have some of that type, one start and one end per person; the demand left uncovered is stored summed in square cells, never as single trip ends.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="24"/>
        <source>Citizen reports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="25"/>
        <source>Hotspots of each category (Getis-Ord Gi*), likely duplicates, open backlog and days to close by district and category, reports per month and their trend.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="26"/>
        <source>District statistics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="27"/>
        <source>Per district: residents, activity users and km, cycleway km, racks and reports (per 1,000 residents), open backlog and CO2 avoided by cycling. Layers not named are guessed; one the workspace lacks is left out and said so.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="28"/>
        <source>Data audit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../desktop/param_help.py" line="29"/>
        <source>Inventory every dataset (source, date and age, CRS, counts, quality flags) and compare twin datasets from two sources: matched, only in one, and why.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
