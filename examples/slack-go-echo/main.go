// An echo bot on slack-go (github.com/slack-go/slack), as `rtm-conformance client` grades it:
//
//	go build -o slack-go-echo ./examples/slack-go-echo && npx rtm-conformance client -- ./slack-go-echo
//
// With Debian's golang-github-slack-go-slack-dev (no go.mod): GO111MODULE=off GOPATH=/usr/share/gocode go build …
// Not run by `npm test` (it needs no Go toolchain); `npm run matrix` grades it (docs/compatibility.md).
package main

import (
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"

	"github.com/slack-go/slack"
)

var (
	mu       sync.Mutex
	answered = map[string]bool{}
)

func run(token string) *slack.RTM {
	api := slack.New(token, slack.OptionAPIURL(os.Getenv("RTM_API_URL")))
	rtm := api.NewRTM()
	go rtm.ManageConnection()
	go func() {
		for ev := range rtm.IncomingEvents {
			msg, ok := ev.Data.(*slack.MessageEvent)
			if !ok || msg.SubType != "" || !strings.HasPrefix(msg.Text, "echo ") {
				continue
			}
			if info := rtm.GetInfo(); info != nil && msg.User == info.User.ID {
				continue
			}
			key := msg.Channel + ":" + msg.Timestamp
			mu.Lock()
			seen := answered[key] // Enterprise Grid: the same message once per workspace connection
			answered[key] = true
			mu.Unlock()
			if !seen {
				rtm.SendMessage(rtm.NewOutgoingMessage(strings.TrimPrefix(msg.Text, "echo "), msg.Channel))
			}
		}
	}()
	return rtm
}

func main() {
	clients := []*slack.RTM{run(os.Getenv("RTM_TOKEN"))}
	if t := os.Getenv("RTM_TOKEN_2"); t != "" {
		clients = append(clients, run(t))
	}
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, os.Interrupt)
	<-stop
	for _, c := range clients {
		_ = c.Disconnect()
	}
}
