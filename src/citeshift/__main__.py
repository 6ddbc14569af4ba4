from citeshift.cli import main

main()
