from hadir.cli import main

main()
