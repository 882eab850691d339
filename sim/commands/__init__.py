"""One module per `orgsim` sub-command; each defines add_parser(subparsers) and a handler."""
