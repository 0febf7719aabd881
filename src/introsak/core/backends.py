from django.contrib.auth.backends import ModelBackend


class PasswordBackend(ModelBackend):
    """Checks the password; grants no permissions.

    Every permission comes from the one policy in core/permissions.py (django-rules), so
    Django's per-user permission tables are neither consulted nor queried.
    """

    def get_all_permissions(self, user_obj, obj=None):
        return set()

    def get_user_permissions(self, user_obj, obj=None):
        return set()

    def get_group_permissions(self, user_obj, obj=None):
        return set()

    def has_perm(self, user_obj, perm, obj=None):
        return False

    def has_module_perms(self, user_obj, app_label):
        return False
