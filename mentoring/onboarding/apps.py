from django.apps import AppConfig


class OnboardingConfig(AppConfig):
    name = "mentoring.onboarding"
    label = "onboarding"
