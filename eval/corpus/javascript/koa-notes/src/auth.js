'use strict';

const passport = require('koa-passport');
const { Strategy: GoogleStrategy } = require('passport-google-oauth20');

passport.use(new GoogleStrategy({
  // expect-none: *
  clientID: process.env.GOOGLE_CLIENT_ID,
  // expect-none: *
  clientSecret: process.env.GOOGLE_CLIENT_SECRET,
  // Differs for every deploy (staging, production, review apps).
  // expect: config/no-hardcoded-url
  callbackURL: 'http://localhost:3000/auth/google/callback',
  // expect-none: *
  scope: ['profile', 'email'],
}, (accessToken, refreshToken, profile, done) => done(null, { id: profile.id, name: profile.displayName })));

passport.serializeUser((user, done) => done(null, user));
passport.deserializeUser((user, done) => done(null, user));

module.exports = passport;
