"""Two demo agencies with one agent each, for trying the agent pages locally (`make run` calls it)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from enrollment.models import Agency, Agent

DEMO = [
    ("DEMO1", "みなと保険サービス（デモ）", "03-0000-0001", "agent1", "山田", "花子"),
    ("DEMO2", "さくら保険事務所（デモ）", "06-0000-0002", "agent2", "佐藤", "一郎"),
]
PASSWORD = "demo-pass-2026"


class Command(BaseCommand):
    help = "デモ用の代理店と担当者（ユーザー名 agent1 / agent2、パスワード demo-pass-2026）を作成します。"

    @transaction.atomic
    def handle(self, *args, **options):
        User = get_user_model()
        for code, name, phone, username, last, first in DEMO:
            agency, _ = Agency.objects.update_or_create(code=code, defaults={"name": name, "phone": phone})
            user, created = User.objects.get_or_create(
                username=username,
                defaults={"last_name": last, "first_name": first, "email": f"{username}@example.jp"},
            )
            if created:
                user.set_password(PASSWORD)
                user.save()
            Agent.objects.update_or_create(user=user, defaults={"agency": agency})
        self.stdout.write(self.style.SUCCESS(f"demo agents ready: agent1 / agent2 (password {PASSWORD})"))
