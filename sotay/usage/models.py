from django.conf import settings
from django.db import models


class Platform(models.TextChoices):
    APP = "app", "Ứng dụng đã cài"
    BROWSER = "browser", "Trình duyệt"


class DailyActivity(models.Model):
    """An account used the handbook on this day on this platform (one row at most per day and platform)."""

    id = models.BigAutoField(primary_key=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField("ngày")
    platform = models.CharField("nền tảng", max_length=8, choices=Platform.choices)

    class Meta:
        verbose_name = "lượt sử dụng trong ngày"
        constraints = [
            models.UniqueConstraint(fields=["user", "day", "platform"], name="dailyactivity_once_a_day")
        ]
        indexes = [models.Index(fields=["day"], name="dailyactivity_day")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.day} {self.platform}"


class DeviceKind(models.TextChoices):
    ANDROID = "android", "Android"
    IOS = "ios", "iPhone/iPad"
    DESKTOP = "desktop", "Máy tính"
    OTHER = "other", "Khác"


class AppInstall(models.Model):
    """The browser reported that this account installed the app on a kind of device."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    device = models.CharField("thiết bị", max_length=8, choices=DeviceKind.choices)
    first_at = models.DateTimeField("cài lần đầu lúc")
    last_at = models.DateTimeField("báo gần nhất lúc")

    class Meta:
        verbose_name = "lượt cài ứng dụng"
        constraints = [models.UniqueConstraint(fields=["user", "device"], name="appinstall_per_device")]
        # The dashboard's incremental refresh finds the installs reported since its last run.
        indexes = [models.Index(fields=["last_at"], name="appinstall_last_at_idx")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.device}"
