"""``python -m desktop`` opens the main window."""

import sys

from desktop.app import main

sys.exit(main())
