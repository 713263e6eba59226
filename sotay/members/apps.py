from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "sotay.members"
    label = "members"

    def ready(self) -> None:
        from sotay.members import tasks  # noqa: F401 (declares the rollups' schedule)
        from sotay.members.counts import rewrite_paths
        from sotay.orgs.signals import subtree_moved

        # The count rows copy their organisation's path: a moved subtree rewrites them (counts.py).
        subtree_moved.connect(rewrite_paths, dispatch_uid="members.counts.rewrite_paths")
