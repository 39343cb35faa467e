package commands

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"stakegraph/domain"
	"stakegraph/neo4jstore"
)

// Token manages API tokens: create (the token alone on the last line of stdout), list,
// revoke.
func Token(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) == 0 {
		return fmt.Errorf("token: give create, list or revoke")
	}
	sub, args := args[0], args[1:]
	fs := flag.NewFlagSet("token "+sub, flag.ContinueOnError)
	c := Bind(fs)
	name := fs.String("name", "", "the token's name (create)")
	role := fs.String("role", "reader", "reader, editor or admin (create)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	return withStore(ctx, c, func(store *neo4jstore.Store, _ *slog.Logger) error {
		switch sub {
		case "create":
			secret, err := store.CreateToken(ctx, *name, domain.Role(strings.ToLower(*role)))
			if err != nil {
				return errors.New(domain.ErrorMessage(err))
			}
			fmt.Fprintf(stdout, "created token %q with role %s; send it as Authorization: Bearer <token>. It is shown only now:\n%s\n", *name, strings.ToLower(*role), secret)
		case "list":
			tokens, err := store.Tokens(ctx)
			if err != nil {
				return err
			}
			for _, t := range tokens {
				state := "valid"
				if t.RevokedAt != "" {
					state = "revoked " + t.RevokedAt
				}
				fmt.Fprintf(stdout, "%s\t%s\tcreated %s\t%s\n", t.Name, t.Role, t.CreatedAt, state)
			}
		case "revoke":
			target := *name
			if target == "" && fs.NArg() > 0 {
				target = fs.Arg(0)
			}
			if err := store.RevokeToken(ctx, target); err != nil {
				return errors.New(domain.ErrorMessage(err))
			}
			fmt.Fprintf(stdout, "revoked token %q\n", target)
		default:
			return fmt.Errorf("token: unknown subcommand %q (create, list, revoke)", sub)
		}
		return nil
	})
}
