"""Pantau SP2020: progress monitoring of the 2020 online population census (SP2020 Online), for any kabupaten/kota
of Indonesia."""
