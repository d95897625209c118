"""Pantau SP2020: progress monitoring of the 2020 online population census in Kabupaten Blora."""
