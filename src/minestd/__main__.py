from minestd.cli import main

main()
