from execbrief.entry import main

main()
