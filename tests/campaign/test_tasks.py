"""The burndown's snapshot is taken each day by the scheduler, once per campaign and day."""

from django.utils import timezone

from sotay.campaign.models import ProgressSnapshot, StepState, UnitStep
from sotay.campaign.tasks import snapshot_campaigns
from sotay.jobs import schedule
from sotay.jobs.models import JobRun


def test_the_snapshot_is_a_daily_job(campaign):
    job = next(j for j in schedule.jobs() if j.name == "campaign.snapshot")
    assert job.task == snapshot_campaigns
    assert job.at is not None


def test_the_scheduler_takes_todays_snapshot_once(campaign):
    now = timezone.now()
    schedule.enqueue_due(now)  # tests run tasks immediately
    schedule.enqueue_due(now)
    assert JobRun.objects.filter(name="campaign.snapshot").count() == 1
    snapshot = ProgressSnapshot.objects.get(campaign=campaign)
    assert snapshot.on == timezone.localdate()


def test_running_it_again_the_same_day_updates_in_place(campaign, ward1_unit):
    snapshot_campaigns.call()
    UnitStep.objects.filter(unit=ward1_unit).update(state=StepState.DONE)
    snapshot_campaigns.call()
    snapshot = ProgressSnapshot.objects.get(campaign=campaign)
    assert snapshot.units_done["clean"] == 1


def test_a_finished_campaign_is_left_alone(campaign):
    UnitStep.objects.filter(unit__campaign=campaign).update(state=StepState.DONE)
    snapshot_campaigns.call()
    assert not ProgressSnapshot.objects.exists()
