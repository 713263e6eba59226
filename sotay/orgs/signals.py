"""What the tree tells the apps that keep copies of its paths (the tree itself knows none of them).

`subtree_moved` is sent by `sotay.orgs.actions.move_org` inside its transaction, after every path of the
subtree was rewritten: `org` is the moved node (its new path), `old_path` what its path was. A receiver
rewrites its own copies of the paths in `old_path`'s range the same way, in the same transaction, so a
failed move leaves every copy as it was.
"""

from django.dispatch import Signal

subtree_moved = Signal()
