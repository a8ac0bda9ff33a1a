package workspace

import (
	"fmt"

	"vnetplay/app/store"
	"vnetplay/engine/armexport"
	"vnetplay/engine/importer"
	"vnetplay/engine/scenario"
)

// Azure exports in the UI (issue 15): an imported az CLI export, ARM
// template or Terraform state opens as a new design with its import
// report; the open design exports as an ARM template.

// ImportReport is the report of the import that made the open design,
// shown in its dialog until closed (and on demand from the Scenarios
// dialog while that design is open).
type ImportReport struct {
	File   string // the file imported
	Report importer.Report
	Shown  bool // the dialog is open
	docID  string
}

// ImportReport returns the open design's import report, if it was
// imported from an Azure export.
func (w *Workspace) ImportReport() (ImportReport, bool) {
	r := w.imported
	if r == nil || r.docID != w.lib.DocID {
		return ImportReport{}, false
	}
	return *r, true
}

// ShowImportReport and CloseImportReport open and close the report's
// dialog.
type (
	ShowImportReport  struct{}
	CloseImportReport struct{}
)

// importReportDialog is the id of the import report's dialog: it takes
// the focus when it opens, as the Scenarios dialog does.
const importReportDialog = "import-report"

func (ShowImportReport) apply(w *Workspace) []Task {
	if w.imported != nil {
		w.imported.Shown = true
		return []Task{{Focus: importReportDialog}}
	}
	return nil
}

// CloseImportReport closes the report; the focus goes back to the
// Scenarios dialog if it is open under it, else to the Scenarios button.
func (CloseImportReport) apply(w *Workspace) []Task {
	if w.imported == nil || !w.imported.Shown {
		return nil
	}
	w.imported.Shown = false
	if w.lib.Open {
		return []Task{{Focus: libraryDialog}}
	}
	return []Task{{Focus: libraryButton}}
}

// importExport opens an Azure export (importer.Sniff said it is one) as a
// new design; the report dialog opens with it. ok is false when the file
// could not be imported (errText says why).
func (w *Workspace) importExport(name, text string) (tasks []Task, errText string) {
	res, err := importer.Import([]byte(text), fileStem(name))
	if err != nil {
		return nil, Plain(err.Error())
	}
	b, err := scenario.EncodeFile(res.Document)
	if err != nil {
		return nil, Plain(err.Error())
	}
	sess, _, err := store.OpenJSONWith(b, w.deferred)
	if err != nil {
		return nil, Plain(err.Error())
	}
	tasks = w.replaceNew(sess)
	w.lib.Open = false
	w.imported = &ImportReport{File: name, Report: res.Report, Shown: true, docID: w.lib.DocID}
	total := 0
	for _, n := range res.Report.Imported {
		total += n
	}
	msg := fmt.Sprintf("Imported %s (%s): %d resources", name, res.Report.Format.Name(), total)
	if n := len(res.Report.Entries); n > 0 {
		msg += fmt.Sprintf("; %d notes in the import report", n)
	}
	tasks = append(tasks, Task{Focus: importReportDialog})
	return append(tasks, w.say(msg, false)...), ""
}

// fileStem is a file name without its extension.
func fileStem(name string) string {
	for i := len(name) - 1; i > 0; i-- {
		if name[i] == '.' {
			return name[:i]
		}
	}
	return name
}

// ExportARM downloads the open design as an ARM template; what a template
// cannot hold (on-premises sites, VMs' images) is listed in its metadata
// and said in the notice.
type ExportARM struct{}

func (ExportARM) apply(w *Workspace) []Task {
	doc := w.Snap().Intact0().Doc
	out, err := armexport.Export(doc)
	if err != nil {
		return w.say("ARM export failed: "+Plain(err.Error()), true)
	}
	tasks := []Task{{Download: &Download{Name: FileName(w.DocName()) + ".arm.json", Mime: "application/json", Data: string(out.Template)}}}
	msg := "Exported an ARM template"
	if n := len(out.NotExported); n > 0 {
		msg += fmt.Sprintf("; %d things a template cannot hold are listed in its metadata (vnetplay.notExported)", n)
	}
	return append(tasks, w.say(msg, false)...)
}
