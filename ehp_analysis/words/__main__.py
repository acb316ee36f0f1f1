import sys

from .extract import main

sys.exit(main())
