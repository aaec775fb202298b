from liuliqiao_cli.cli import main

main()
