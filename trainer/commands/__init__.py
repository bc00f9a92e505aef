"""One module per `trainer` subcommand, each with `run(args) -> exit code`; imported only when used."""
