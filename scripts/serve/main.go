// Command serve serves the built site (dist/) on loopback with the headers
// that netlify.toml gives it, so the Content-Security-Policy, the framing
// rules and the caching are the ones the public site has.
//
// Usage (make serve runs it after make build):
//
//	go run ./scripts/serve -dir dist -config netlify.toml -addr 127.0.0.1:8080
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"cloudplay/scripts/internal/site"
)

func main() {
	dir := flag.String("dir", "dist", "the built site")
	config := flag.String("config", "netlify.toml", "the Netlify configuration whose [[headers]] to apply")
	addr := flag.String("addr", "127.0.0.1:8080", "address to listen on")
	quiet := flag.Bool("q", false, "do not log requests")
	flag.Parse()
	log.SetFlags(0)

	c, err := site.Load(*config)
	if err != nil {
		log.Fatal("serve: ", err)
	}
	if _, err := os.Stat(filepath.Join(*dir, "index.html")); err != nil {
		log.Fatalf("serve: %s has no index.html; run make build first", *dir)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal("serve: ", err)
	}
	var h http.Handler = site.Handler(*dir, c)
	if !*quiet {
		h = logRequests(h)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}

	url := "http://" + ln.Addr().String() + "/"
	fmt.Printf("cloudplay: serving %s on %s\n", *dir, url)
	fmt.Printf("  playground:     %s\n  embed:          %sembed.html?panel=account\n  course example: %scourse-example.html\n", url, url, url)
	fmt.Println("Press Ctrl-C to stop.")

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = srv.Shutdown(shutdown)
	}()
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Fatal("serve: ", err)
	}
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

func logRequests(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		h.ServeHTTP(sw, r)
		log.Printf("%s %s %d", r.Method, r.URL.RequestURI(), sw.status)
	})
}
