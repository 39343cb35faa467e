package harness

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// secretsInUsage runs `serve --bogus` with secrets in the environment and looks for them in
// what it prints.
func secretsInUsage(bin string) AttackResult {
	res := AttackResult{Name: "6. serve --bogus prints no secret"}
	cmd := exec.Command(bin, "serve", "--bogus")
	cmd.Env = append(os.Environ(), "NEO4J_PASSWORD=pw-attack-7f3a", "AUTH_JWT_SECRET=jwt-attack-9c1e")
	start := time.Now()
	printed, _ := cmd.CombinedOutput()
	res.Took = time.Since(start)
	res.Answer = "usage printed, no secret"
	if bytes.Contains(printed, []byte("pw-attack-7f3a")) || bytes.Contains(printed, []byte("jwt-attack-9c1e")) {
		res.Answer, res.Problem = "a secret in the usage text", "secrets printed"
	}
	return res
}

// graphqlHTTPAudit runs graphql-http's audit (harness/audit) against url.
func graphqlHTTPAudit(root, url string) AttackResult {
	res := AttackResult{Name: "graphql-http 1.23.1 audit"}
	cmd := exec.Command("node", "audit.mjs", url)
	cmd.Dir = filepath.Join(root, "harness", "audit")
	start := time.Now()
	printed, err := cmd.CombinedOutput()
	res.Took = time.Since(start)
	lines := strings.Split(strings.TrimSpace(string(printed)), "\n")
	res.Answer = lines[len(lines)-1]
	if err != nil {
		res.Problem = strings.TrimSpace(string(printed))
	}
	return res
}
