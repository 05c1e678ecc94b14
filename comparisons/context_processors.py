from django.utils import timezone


def site(request):
    """Values every page needs: the site name and today's date in Japan."""
    return {"site_name": "サイバー保険 比較・申込ナビ", "today": timezone.localdate()}
