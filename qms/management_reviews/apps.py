from django.apps import AppConfig


class ManagementReviewsConfig(AppConfig):
    name = "qms.management_reviews"
    label = "management_reviews"
    verbose_name = "Management reviews"
