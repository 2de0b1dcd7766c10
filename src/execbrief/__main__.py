from execbrief.cli import main

main()
