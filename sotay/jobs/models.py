from django.db import models


class JobRun(models.Model):
    """One slot of a scheduled job that was enqueued: the unique (name, slot) makes it once per slot."""

    name = models.CharField("tác vụ", max_length=80)
    slot = models.DateTimeField("lượt")
    enqueued_at = models.DateTimeField("đưa vào hàng đợi lúc", auto_now_add=True)
    task_result_id = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = "lượt tác vụ định kỳ"
        constraints = [models.UniqueConstraint(fields=["name", "slot"], name="jobrun_once_per_slot")]
        indexes = [models.Index(fields=["name", "-slot"], name="jobrun_latest")]

    def __str__(self) -> str:
        return f"{self.name} @ {self.slot:%Y-%m-%d %H:%M}"
