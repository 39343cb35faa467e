package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// runNotebook runs docs/research-walkthrough.ipynb (nbclient, in the test venv, whose pandas,
// matplotlib and numpy are the pins `make notebook` installs) against the server at base with
// no token, as `make notebook` opens it against `make run`, and fails when a cell fails. The
// executed notebook is kept at .data/research-walkthrough.executed.ipynb, its chart at
// .data/screenshots/notebook-centralization.png.
func runNotebook(t *testing.T, base string) {
	py := os.Getenv("STAKEGRAPH_TEST_PYTHON")
	if py == "" {
		t.Fatal("STAKEGRAPH_TEST_PYTHON is not set: run the tests with `make test`, which installs nbclient in a venv")
	}
	executed, _ := filepath.Abs(filepath.Join(".data", "research-walkthrough.executed.ipynb"))
	_ = os.MkdirAll(filepath.Dir(executed), 0o755)
	run := exec.Command(py, "-c", `
import sys, nbformat
from nbclient import NotebookClient
nb = nbformat.read("docs/research-walkthrough.ipynb", as_version=4)
NotebookClient(nb, kernel_name="python3", timeout=300).execute()
nbformat.write(nb, sys.argv[1])
import base64, os
for c in nb.cells:  # the charts, for people to look at
    for o in c.get("outputs", []):
        if "image/png" in o.get("data", {}):
            os.makedirs(".data/screenshots", exist_ok=True)
            open(".data/screenshots/notebook-centralization.png", "wb").write(base64.b64decode(o["data"]["image/png"]))
`, executed)
	run.Env = append(os.Environ(), "STAKEGRAPH_URL="+base, "STAKEGRAPH_TOKEN=")
	if out, err := run.CombinedOutput(); err != nil {
		t.Fatalf("the notebook failed: %v\n%s", err, out)
	}
}

// TestNotebookPinsMatchTheTests: the packages the notebook and the test venv share are pinned
// to the same versions, so the test runs the notebook as `make notebook` does.
func TestNotebookPinsMatchTheTests(t *testing.T) {
	pins := func(file string) map[string]string {
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]string{}
		for _, line := range strings.Split(string(b), "\n") {
			if name, version, ok := strings.Cut(strings.TrimSpace(line), "=="); ok && !strings.HasPrefix(name, "#") {
				out[strings.TrimSpace(name)] = strings.TrimSpace(version)
			}
		}
		return out
	}
	nb, tests := pins("docs/notebook-requirements.txt"), pins("testdata/requirements-test.txt")
	for _, name := range []string{"pandas", "matplotlib", "numpy", "ipykernel"} {
		if nb[name] == "" || nb[name] != tests[name] {
			t.Errorf("%s: the notebook pins %q, the tests %q", name, nb[name], tests[name])
		}
	}
}
