// Package e2e holds vnetplay's end-to-end tests: they build the site, start
// the real `vnetplay serve` on a free loopback port and drive the app in
// headless Chromium with chromedp. They are compiled only with -tags e2e
// (make test-e2e), after the unit, Node and browser suites.
package e2e
