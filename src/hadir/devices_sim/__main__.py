import sys

from hadir.devices_sim.cli import main

sys.exit(main())
