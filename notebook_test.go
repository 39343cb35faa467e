package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"stakegraph/neo4jstore/neo4jtest"
)

// TestResearchWalkthroughNotebook runs docs/research-walkthrough.ipynb (nbclient, in the test
// venv) against a fresh API process on the test Neo4j with an admin token, and fails when a
// cell fails. The executed notebook is kept at .data/research-walkthrough.executed.ipynb, its
// chart at .data/screenshots/notebook-centralization.png.
func TestResearchWalkthroughNotebook(t *testing.T) {
	skipShort(t, "builds and starts the server and runs a notebook")
	py := os.Getenv("STAKEGRAPH_TEST_PYTHON")
	if py == "" {
		t.Fatal("STAKEGRAPH_TEST_PYTHON is not set: run the tests with `make test`, which installs nbclient in a venv")
	}
	neo4jtest.MustOpen(t) // an empty database
	bin := buildServer(t)
	base := startServer(t, bin)
	cmd := exec.Command(bin, "token", "create", "--name", "notebook", "--role", "admin")
	cmd.Env = append(os.Environ(), "NEO4J_URI="+neo4jtest.URI(), "NEO4J_USER="+neo4jtest.User(), "NEO4J_PASSWORD="+neo4jtest.Password(), "LOG_LEVEL=warn")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("token create: %v", err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	token := strings.TrimSpace(lines[len(lines)-1])
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
	run.Env = append(os.Environ(), "STAKEGRAPH_URL="+base, "STAKEGRAPH_TOKEN="+token)
	if out, err := run.CombinedOutput(); err != nil {
		t.Fatalf("the notebook failed: %v\n%s", err, out)
	}
}
