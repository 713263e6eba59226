from django.apps import AppConfig


class CampaignConfig(AppConfig):
    name = "sotay.campaign"
    label = "campaign"
    verbose_name = "Chiến dịch làm sạch dữ liệu"

    def ready(self) -> None:
        from sotay.campaign import tasks  # noqa: F401  (declares the daily burndown snapshot)
        from sotay.campaign.actions.sync import record_sync, refuse_unreconciled
        from sotay.handbook.sync.gates import after_sync, refuse_sync_when

        # The campaign's rule applies to the one sync action, wherever it is started (issue 10 item 6).
        refuse_sync_when(refuse_unreconciled)
        after_sync(record_sync)
