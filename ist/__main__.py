from ist.cli import main

main()
