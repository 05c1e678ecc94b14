from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import member_views, pdf, views

app_name = "enrollment"

logout = auth_views.LogoutView.as_view()
logout.post_only = True  # POST-only (Django 5): a login `next` pointing here goes to the list instead

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", logout, name="logout"),
    path(
        "password-reset/",
        auth_views.PasswordResetView.as_view(
            template_name="enrollment/password_reset.html",
            email_template_name="enrollment/password_reset_email.txt",
            subject_template_name="enrollment/password_reset_subject.txt",
            success_url=reverse_lazy("enrollment:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="enrollment/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="enrollment/password_reset_confirm.html",
            success_url=reverse_lazy("enrollment:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(template_name="enrollment/password_reset_complete.html"),
        name="password_reset_complete",
    ),
    path("", views.dashboard, name="dashboard"),
    path("applications/new/", views.application_create, name="application_create"),
    path("applications/<uuid:public_id>/", views.application_detail, name="application_detail"),
    path("applications/<uuid:public_id>/autosave/", views.application_autosave, name="application_autosave"),
    path(
        "applications/<uuid:public_id>/transition/",
        views.application_transition,
        name="application_transition",
    ),
    path("csrf-token/", views.csrf_token, name="csrf_token"),
    path("applications/<uuid:public_id>/application.pdf", pdf.application_pdf, name="application_pdf"),
    path("forms/<slug:slug>.pdf", pdf.blank_form_pdf, name="blank_form_pdf"),
    path("request/", member_views.request_application, name="member_request"),
    path("request/done/", member_views.request_done, name="member_request_done"),
]
