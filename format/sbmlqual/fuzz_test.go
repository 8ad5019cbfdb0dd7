package sbmlqual

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzRead checks that Read never panics and that whatever it accepts
// survives Write and Read unchanged (same ids, kinds, names and rule
// trees). The seed corpus is testdata/*.sbml and testdata/fuzz/FuzzRead.
//
//	go test ./format/sbmlqual -run '^$' -fuzz FuzzRead -fuzztime 30s
func FuzzRead(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.sbml"))
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, s := range []string{
		doc(sp("A", "B"), tr("A", def1+term(0, cmpx("gt", cn("0"), ci("B"))))),
		doc(sp("A", "B"), tr("A", def0+term(1, "<apply><xor/>"+ci("A")+"<true/>"+cmpx("neq", ci("A"), ci("B"))+"</apply>"))),
		doc(`<qual:qualitativeSpecies qual:id="A" qual:maxLevel="2"/>`, ""),
		// Names that need escaping, a model name that is not an SId, deep nesting.
		strings.Replace(doc(`<qual:qualitativeSpecies qual:id="A" qual:name="a&#xA;&#x9;&amp;&lt;&quot;b"/>`+sp("B"), tr("B", def0+term(1, strings.Repeat("<apply><not/>", 999)+ci("A")+strings.Repeat("</apply>", 999)))), `<model id="m">`, `<model id="m" name=" 1 x ">`, 1),
		strings.Replace(doc(sp("m", "default", "tr_m"), tr("m", def0+term(1, ci("tr_m")))), `<model id="m">`, `<model id="_1x">`, 1),
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		net, err := Read(bytes.NewReader(data))
		if err != nil {
			return
		}
		var buf bytes.Buffer
		if err := Write(&buf, net); err != nil {
			t.Fatalf("Write of a network Read accepted: %v", err)
		}
		back, err := Read(bytes.NewReader(buf.Bytes()))
		if err != nil {
			t.Fatalf("Read of written network: %v\n%s", err, buf.String())
		}
		if back.Name != net.Name {
			t.Fatalf("name %q became %q", net.Name, back.Name)
		}
		sameTrees(t, net, back)
	})
}
