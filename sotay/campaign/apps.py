from django.apps import AppConfig


class CampaignConfig(AppConfig):
    name = "sotay.campaign"
    label = "campaign"
    verbose_name = "Chiến dịch làm sạch dữ liệu"
