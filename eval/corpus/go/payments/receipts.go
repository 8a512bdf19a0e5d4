package main

import (
	"bytes"
	"log"
	"net/http"
	"os"
	"os/exec"
	"strings"
)

// expect: codebase/no-host-branching
var canary = func() bool { h, _ := os.Hostname(); return strings.HasPrefix(h, "payments-canary") }()

func receiptHandler(w http.ResponseWriter, r *http.Request) {
	id := strings.TrimPrefix(r.URL.Path, "/receipts/")
	var out bytes.Buffer
	// expect: dependencies/no-undeclared-system-tool
	cmd := exec.Command("gpg", "--clearsign", "--local-user", "receipts@acme.example", "--batch")
	cmd.Stdin = strings.NewReader("receipt " + id)
	cmd.Stdout = &out
	if err := cmd.Run(); err != nil {
		// expect: disposability/no-exit-in-request
		log.Fatalf("signing receipt %s: %v", id, err)
	}
	if canary {
		w.Header().Set("X-Canary", "1")
	}
	w.Header().Set("Content-Type", "text/plain")
	w.Write(out.Bytes())
}
