// slack-go's test server (github.com/slack-go/slack/slacktest) on a free loopback port, as `rtm-conformance run`
// grades it (scripts/matrix/ does this):
//
//	go build -o slacktest-server ./examples/slacktest-server && ./slacktest-server
//	npx rtm-conformance run --api URL --token xoxb-any   # URL: the line it prints
//
// It prints its Web API base URL on the first line of stdout and serves until SIGTERM or SIGINT.
package main

import (
	"fmt"
	"io"
	"log"
	"os"
	"os/signal"
	"syscall"

	"github.com/slack-go/slack/slacktest"
)

func main() {
	// slacktest logs every read error of a socket, in a loop that does not end on every kind of error: a test run
	// closes many sockets abruptly, so its log would grow without bound. The grade is in the harness's report.
	log.SetOutput(io.Discard)
	server := slacktest.NewTestServer() // httptest: 127.0.0.1, a free port
	server.Start()
	fmt.Println(server.GetAPIURL())
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, os.Interrupt)
	<-stop
	server.Stop()
}
